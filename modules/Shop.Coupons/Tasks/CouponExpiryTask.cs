using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.Services;
using Shop.Framework.BackgroundTasks;

namespace Shop.Coupons.Tasks;

/// <summary>
/// Marks available coupons past their validity as expired, in batches. Reads already treat such
/// coupons as expired and checkout refuses them, so the task only makes the stored state catch up.
/// </summary>
public sealed class CouponExpiryTask : IBackgroundTask
{
    private const int Batch = 1000;

    public string Name => "coupons.expire";
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var store = scopedServices.GetRequiredService<CouponStore>();
        var now = scopedServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
        while (!cancellationToken.IsCancellationRequested && await store.ExpireDueAsync(now, Batch) == Batch) { }
    }
}
