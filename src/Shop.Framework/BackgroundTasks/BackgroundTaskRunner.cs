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
    TimeProvider clock,
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
            using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var renewing = RenewWhileRunningAsync(task.Name, run);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await task.RunAsync(scope.ServiceProvider, run.Token);
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
                await run.CancelAsync();
                await renewing;
                // The node is stopping: the run did not finish, so the lease is freed and the task
                // stays due for another node now, not once the lease would have expired.
                if (!cancellationToken.IsCancellationRequested) continue; // lease lost: its new holder runs the task
                await leases.ReleaseAsync(task.Name, Owner);
                throw;
            }
            catch (Exception e)
            {
                error = e.GetType().Name + ": " + e.Message;
                logger.LogError(e, "Background task {Task} failed", task.Name);
            }
            await run.CancelAsync();
            await renewing;
            await leases.CompleteAsync(task.Name, Owner, task.Interval, watch.ElapsedMilliseconds, error is null ? null : error[..Math.Min(2000, error.Length)]);
            ran++;
        }
        return ran;
    }

    /// <summary>
    /// Renews the lease every third of its length until the run ends; a renewal that finds the lease
    /// held by another node (this one stalled past it) cancels the run rather than let two run at once.
    /// </summary>
    private async Task RenewWhileRunningAsync(string name, CancellationTokenSource run)
    {
        var every = options.Lease / 3;
        while (!run.IsCancellationRequested)
        {
            await Task.Delay(every, clock, run.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (run.IsCancellationRequested) return;
            try
            {
                if (await leases.RenewAsync(name, Owner, options.Lease)) continue;
                logger.LogWarning("Background task {Task} lost its lease to another node; its run is cancelled", name);
                await run.CancelAsync();
            }
            catch (Exception e)
            {
                // A failed renewal is retried at the next tick; the lease still has two thirds left.
                logger.LogWarning(e, "Background task {Task}: renewing the lease failed", name);
            }
        }
    }
}
