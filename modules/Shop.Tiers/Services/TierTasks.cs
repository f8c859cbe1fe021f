using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.BackgroundTasks;

namespace Shop.Tiers.Services;

/// <summary>Runs due reviews; hourly is enough because a review belongs to its period, not to the hour it runs.</summary>
public sealed class TierReviewTask : IBackgroundTask
{
    public string Name => "tiers.review";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken) =>
        scopedServices.GetRequiredService<TierReviewService>().ReviewDueAsync(cancellationToken);
}

/// <summary>Grants today's birthday points; hourly, so a birthday is served soon after local midnight.</summary>
public sealed class BirthdayPointsTask : IBackgroundTask
{
    public string Name => "tiers.birthday-points";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken) =>
        scopedServices.GetRequiredService<BirthdayPointsService>().GrantTodayAsync(cancellationToken);
}
