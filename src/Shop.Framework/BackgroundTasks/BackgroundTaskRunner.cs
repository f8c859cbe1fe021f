using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shop.Framework.BackgroundTasks;

/// <summary>Polls the registered tasks and runs the due ones this node wins the lease for.</summary>
public sealed class BackgroundTaskRunner(
    IEnumerable<IBackgroundTask> tasks,
    TaskLeases leases,
    IServiceScopeFactory scopes,
    BackgroundTaskOptions options,
    ILogger<BackgroundTaskRunner> logger) : BackgroundService
{
    private readonly IReadOnlyList<IBackgroundTask> _tasks = tasks.ToList();

    /// <summary>Identifies this runner in lease rows: host, process and instance.</summary>
    public string Owner { get; init; } = Truncate($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", 100);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled || _tasks.Count == 0) return;
        foreach (var task in _tasks) await leases.EnsureAsync(task.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueTasksAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Background task polling failed");
            }
            await Task.Delay(options.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One pass over the tasks; returns how many this runner executed.</summary>
    public async Task<int> RunDueTasksAsync(CancellationToken cancellationToken)
    {
        var ran = 0;
        foreach (var task in _tasks)
        {
            if (!await leases.TryAcquireAsync(task.Name, Owner, options.Lease)) continue;
            var watch = Stopwatch.StartNew();
            string? error = null;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await task.RunAsync(scope.ServiceProvider, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = e.GetType().Name + ": " + e.Message;
                logger.LogError(e, "Background task {Task} failed", task.Name);
            }
            await leases.CompleteAsync(task.Name, Owner, task.Interval, watch.ElapsedMilliseconds, error is null ? null : error[..Math.Min(2000, error.Length)]);
            ran++;
        }
        return ran;
    }
}
