using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Shop.Framework.Data;

namespace Shop.Framework.Observability;

/// <summary>
/// How much PostgreSQL's shared transactions gather (<see cref="SharedTransactions"/>): works per
/// commit, and how often one failing work sent its companions back to run alone.
/// </summary>
public sealed class SharedTransactionMetrics : IHostedService
{
    public SharedTransactionMetrics(IMeterFactory meters, SharedTransactions shared)
    {
        var meter = meters.Create(ShopMeters.Shop);
        meter.CreateObservableCounter("shop.db.shared.works", () => shared.Works, "{work}",
            "Works committed in PostgreSQL transactions shared with other works.");
        meter.CreateObservableCounter("shop.db.shared.commits", () => shared.Commits, "{commit}",
            "Shared PostgreSQL transactions committed; works over commits is how many each carried.");
        meter.CreateObservableCounter("shop.db.shared.alone", () => shared.SentBackAlone, "{work}",
            "Works whose shared transaction rolled back (one of its works failed) and that ran again alone.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
