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
            new BackgroundTaskOptions { Lease = TimeSpan.FromMinutes(5) }, _clock, NullLogger<BackgroundTaskRunner>.Instance) { Owner = owner };

    /// <summary>Runs until released, telling when it started and whether it was cancelled.</summary>
    private sealed class HeldTask : IBackgroundTask
    {
        public readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Cancelled;
        public string Name => "test.held";
        public TimeSpan Interval => TimeSpan.FromMinutes(1);

        public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            try
            {
                await Release.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled = true;
                throw;
            }
        }
    }

    private async Task<(long? LeaseUntil, string? Owner, long RunCount)> LeaseRowAsync(string name)
    {
        await using var db = new DbSession(_connections);
        return await db.QuerySingleOrDefaultAsync<(long?, string?, long)>(
            "SELECT lease_until, lease_owner, run_count FROM background_tasks WHERE name = @name", new { name });
    }

    /// <summary>Advances the fake clock in steps, letting the runner's renewals (timers on that clock) run between them.</summary>
    private async Task AdvanceAsync(TimeSpan total, TimeSpan step)
    {
        for (var passed = TimeSpan.Zero; passed < total; passed += step)
        {
            _clock.Advance(step);
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_run_longer_than_its_lease_keeps_it_renewed_so_no_other_node_starts_the_task()
    {
        var task = new HeldTask();
        var nodeA = Runner(task, "node-a");
        var nodeB = Runner(task, "node-b");
        await new TaskLeases(_connections, _clock).EnsureAsync(task.Name);

        var running = nodeA.RunDueTasksAsync(CancellationToken.None);
        await task.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await AdvanceAsync(TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(1));

        var (leaseUntil, owner, _) = await LeaseRowAsync(task.Name);
        Assert.Equal("node-a", owner);
        Assert.True(leaseUntil > _clock.GetUtcNow().ToUnixTimeMilliseconds(), "the lease was not renewed while the task ran");
        Assert.Equal(0, await nodeB.RunDueTasksAsync(CancellationToken.None));

        task.Release.SetResult();
        Assert.Equal(1, await running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal((null, null, 1L), await LeaseRowAsync(task.Name));
    }

    [Fact]
    public async Task A_node_that_stops_mid_run_frees_the_lease_and_the_task_stays_due()
    {
        var task = new HeldTask();
        var stopping = Runner(task, "stopping");
        await new TaskLeases(_connections, _clock).EnsureAsync(task.Name);
        using var stop = new CancellationTokenSource();

        var running = stopping.RunDueTasksAsync(stop.Token);
        await task.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.True(task.Cancelled);
        Assert.Equal((null, null, 0L), await LeaseRowAsync(task.Name));
        var next = new HeldTask();
        next.Release.SetResult();
        Assert.Equal(1, await Runner(next, "next").RunDueTasksAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_node_that_finds_its_lease_taken_cancels_its_run_and_leaves_the_task_to_the_holder()
    {
        var task = new HeldTask();
        var stalled = Runner(task, "stalled");
        var leases = new TaskLeases(_connections, _clock);
        await leases.EnsureAsync(task.Name);

        var running = stalled.RunDueTasksAsync(CancellationToken.None);
        await task.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await using (var db = new DbSession(_connections)) // as if another node took the lease while this one stalled
            await db.ExecuteAsync("UPDATE background_tasks SET lease_owner = 'other' WHERE name = @name", new { name = task.Name });
        await AdvanceAsync(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));

        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(task.Cancelled);
        var (_, owner, runCount) = await LeaseRowAsync(task.Name);
        Assert.Equal("other", owner);
        Assert.Equal(0, runCount);
    }

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
