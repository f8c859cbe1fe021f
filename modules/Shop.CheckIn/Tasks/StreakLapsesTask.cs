using Microsoft.Extensions.DependencyInjection;
using Shop.CheckIn.Indexing;
using Shop.Framework.BackgroundTasks;

namespace Shop.CheckIn.Tasks;

/// <summary>Re-indexes members whose streak lapsed; hourly, so documents catch up soon after local midnight.</summary>
public sealed class StreakLapsesTask : IBackgroundTask
{
    public string Name => "checkin.streak-lapses";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken) =>
        scopedServices.GetRequiredService<StreakLapses>().QueueLapsedAsync(cancellationToken);
}
