using Microsoft.Extensions.DependencyInjection;

namespace Shop.Framework.BackgroundTasks;

/// <summary>
/// A scheduled job a module registers (expire lots, fail overdue teams...). It must be
/// idempotent: a node that dies mid-run leaves the lease to expire and another node runs it again.
/// </summary>
public interface IBackgroundTask
{
    /// <summary>Unique, stable name; it is the lease row's key.</summary>
    string Name { get; }

    TimeSpan Interval { get; }

    /// <summary>Runs in its own DI scope (and so its own unit of work).</summary>
    Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken);
}

public static class BackgroundTaskServiceExtensions
{
    public static IServiceCollection AddBackgroundTask<T>(this IServiceCollection services) where T : class, IBackgroundTask =>
        services.AddSingleton<IBackgroundTask, T>();
}

public sealed class BackgroundTaskOptions
{
    public bool Enabled { get; set; } = true;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a node owns a task run before another node may assume it died.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
}
