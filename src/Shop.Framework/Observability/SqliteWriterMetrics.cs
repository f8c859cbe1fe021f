using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Shop.Framework.Data;

namespace Shop.Framework.Observability;

/// <summary>
/// The SQLite writer's load, the figure that says when a shop has outgrown SQLite: every write of
/// the process queues for one slot, so a busy time that grows as fast as the clock means writes
/// are waiting for each other, and PostgreSQL is the next step. Observed on scrape, nothing on
/// the write path. A hosted service so the instruments exist from start-up; the meter comes from
/// the container's <see cref="IMeterFactory"/> and is disposed with it.
/// </summary>
public sealed class SqliteWriterMetrics : IHostedService
{
    public SqliteWriterMetrics(IMeterFactory meters, IDbConnectionFactory database)
    {
        // Registered only with the SQLite provider (see AddShop).
        var writer = ((SqliteConnectionFactory)database).Writer;
        var meter = meters.Create(ShopMeters.Shop);
        meter.CreateObservableCounter("shop.db.writer.writes", () => writer.Writes, "{write}",
            "Write transactions committed through the SQLite writer.");
        meter.CreateObservableCounter("shop.db.writer.commits", () => writer.Commits, "{commit}",
            "SQLite commits; fewer than writes when group commit batches them.");
        meter.CreateObservableCounter("shop.db.writer.busy", () => writer.BusyTime.TotalSeconds, "s",
            "Time the SQLite write slot was held; its rate is the share of write capacity in use.");
        meter.CreateObservableUpDownCounter("shop.db.writer.queued", () => writer.Waiting, "{write}",
            "Writers waiting for the SQLite write slot now.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
