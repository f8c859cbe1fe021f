using Microsoft.Extensions.DependencyInjection;
using Shop.Audiences.Services;
using Shop.Framework.BackgroundTasks;

namespace Shop.Audiences.Tasks;

/// <summary>Works audience jobs (coupon pushes, snapshots) for up to 30 s per run.</summary>
public sealed class AudienceJobsTask : IBackgroundTask
{
    public string Name => "audiences.jobs";
    public TimeSpan Interval => TimeSpan.FromSeconds(5);

    public Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken) =>
        scopedServices.GetRequiredService<AudienceJobRunner>().RunAsync(TimeSpan.FromSeconds(30), cancellationToken);
}

/// <summary>
/// Brings rule tags in line with their rules for everyone; members who changed were already
/// rechecked as they were reindexed, so this pass catches rules that move with the clock.
/// </summary>
public sealed class RuleTagsTask : IBackgroundTask
{
    public string Name => "audiences.rule-tags";
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken) =>
        scopedServices.GetRequiredService<RuleTagService>().EvaluateAsync(null, cancellationToken);
}

/// <summary>Rescores RFM over the programme's window, hourly (recency moves with the clock; only changed scores are written).</summary>
public sealed class RfmTask : IBackgroundTask
{
    public string Name => "audiences.rfm";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken) =>
        scopedServices.GetRequiredService<RfmService>().RecomputeAsync(cancellationToken);
}
