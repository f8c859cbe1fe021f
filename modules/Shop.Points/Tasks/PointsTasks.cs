using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.BackgroundTasks;
using Shop.Points.Services;

namespace Shop.Points.Tasks;

/// <summary>Activates pending lots, then expires due ones (in that order, so a lot frozen past its expiry still expires).</summary>
public sealed class PointsLotsTask : IBackgroundTask
{
    public string Name => "points.lots";
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var maintenance = scopedServices.GetRequiredService<PointsMaintenance>();
        await maintenance.ActivateDueAsync();
        await maintenance.ExpireDueAsync();
    }
}

/// <summary>Birthday bonuses; hourly, so a member gets theirs early on the local day, and at most once a year.</summary>
public sealed class PointsBirthdayTask : IBackgroundTask
{
    public string Name => "points.birthday";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken) =>
        scopedServices.GetRequiredService<PointsMaintenance>().GrantBirthdayBonusesAsync();
}
