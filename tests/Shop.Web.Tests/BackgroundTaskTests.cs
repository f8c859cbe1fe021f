using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Shop.Framework.BackgroundTasks;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>Two nodes polling the same database never run one task at the same time.</summary>
public class BackgroundTaskTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly IDbConnectionFactory _connections;

    public BackgroundTaskTests()
    {
        var options = new DatabaseOptions { Provider = _database.Provider, ConnectionString = _database.ConnectionString };
        _connections = _database.Provider == DatabaseProvider.PostgreSQL ? new PostgresConnectionFactory(options) : new SqliteConnectionFactory(options);
        new ShopMigrator(options, [typeof(ShopMigrator).Assembly], NullLoggerFactory.Instance).MigrateUp();
    }

    private sealed class SlowTask : IBackgroundTask
    {
        private int _running;
        public int MaxConcurrent;
        public int Runs;
        public string Name => "test.slow";
        public TimeSpan Interval => TimeSpan.FromMinutes(1);

        public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref MaxConcurrent, now);
            await Task.Delay(30, cancellationToken);
            Interlocked.Increment(ref Runs);
            Interlocked.Decrement(ref _running);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
        }
    }

    private BackgroundTaskRunner Runner(IBackgroundTask task, string owner) =>
        new([task], new TaskLeases(_connections, _clock), new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(),
            new BackgroundTaskOptions { Lease = TimeSpan.FromMinutes(5) }, NullLogger<BackgroundTaskRunner>.Instance) { Owner = owner };

    [Fact]
    public async Task Two_runners_racing_run_each_due_task_exactly_once_per_interval()
    {
        var task = new SlowTask();
        var nodeA = Runner(task, "node-a");
        var nodeB = Runner(task, "node-b");
        await new TaskLeases(_connections, _clock).EnsureAsync(task.Name);

        for (var round = 0; round < 5; round++)
        {
            var results = await Task.WhenAll(
                Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? nodeA : nodeB).RunDueTasksAsync(CancellationToken.None)));
            Assert.Equal(1, results.Sum());
            // Not due again until the interval passes.
            Assert.Equal(0, await nodeB.RunDueTasksAsync(CancellationToken.None) + await nodeA.RunDueTasksAsync(CancellationToken.None));
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(5, task.Runs);
        Assert.Equal(1, task.MaxConcurrent);
    }

    [Fact]
    public async Task A_lease_left_by_a_dead_node_is_taken_over_after_it_expires()
    {
        var task = new SlowTask();
        var leases = new TaskLeases(_connections, _clock);
        await leases.EnsureAsync(task.Name);
        Assert.True(await leases.TryAcquireAsync(task.Name, "dead-node", TimeSpan.FromMinutes(5))); // never completes

        var survivor = Runner(task, "survivor");
        Assert.Equal(0, await survivor.RunDueTasksAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await survivor.RunDueTasksAsync(CancellationToken.None));

        await using var db = new DbSession(_connections);
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("SELECT run_count FROM background_tasks WHERE name = @n", new { n = task.Name }));
    }

    public void Dispose()
    {
        (_connections as IAsyncDisposable)?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _database.Dispose();
    }
}
