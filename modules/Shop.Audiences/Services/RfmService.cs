using Shop.Framework.Data;
using Shop.Framework.Search;

namespace Shop.Audiences.Services;

/// <summary>
/// Scores every member with a paid order in the window and stores the scores; members whose
/// scores or segment changed, or who left the window, are queued for reindexing. Reads the orders
/// intake's tables (Shop.Members is a declared dependency).
/// </summary>
public sealed class RfmService(DbSession db, AudienceCatalog catalog, IIndexingQueue indexing, TimeProvider clock)
{
    private const int WriteBatch = 500;
    private const long DayMs = 86_400_000;

    public sealed record RfmRun(int Scored, int Changed, int Removed);

    public async Task<RfmRun> RecomputeAsync(CancellationToken ct = default)
    {
        var program = await catalog.RfmProgramAsync();
        var now = clock.NowMs();
        var since = now - program.WindowDays * DayMs;
        // Net monetary value: cash paid for the window's orders less what was refunded on them.
        var inputs = (await db.QueryAsync<InputRow>(
            "SELECT o.member_id AS MemberId, MAX(o.paid_at) AS LastPaidAt, COUNT(*) AS Frequency, " +
            "SUM(o.goods_fen) - COALESCE(SUM(r.refunded), 0) AS MonetaryFen " +
            "FROM orders o LEFT JOIN (SELECT order_id, SUM(amount_fen) AS refunded FROM order_refunds GROUP BY order_id) r ON r.order_id = o.order_id " +
            "WHERE o.status = 'paid' AND o.paid_at >= @since GROUP BY o.member_id",
            new { since }))
            .Select(row => new RfmInput(row.MemberId, Math.Max(0, (now - row.LastPaidAt) / DayMs), row.Frequency, Math.Max(0, row.MonetaryFen)))
            .ToList();
        var scores = RfmScoring.Score(inputs);
        var stored = (await db.QueryAsync<StoredRow>("SELECT member_id AS MemberId, r AS R, f AS F, m AS M, segment AS Segment FROM member_rfm"))
            .ToDictionary(s => s.MemberId);

        var changed = scores.Where(s => !stored.TryGetValue(s.MemberId, out var old) || old.R != s.R || old.F != s.F || old.M != s.M || old.Segment != s.Segment).ToList();
        var scoredIds = scores.Select(s => s.MemberId).ToHashSet();
        var gone = stored.Keys.Where(id => !scoredIds.Contains(id)).ToList();

        foreach (var batch in changed.Chunk(WriteBatch))
        {
            ct.ThrowIfCancellationRequested();
            await db.InTransactionAsync(async () =>
            {
                foreach (var s in batch)
                    await db.ExecuteAsync(
                        "INSERT INTO member_rfm (member_id, recency_days, frequency, monetary_fen, r, f, m, segment, computed_at) " +
                        "VALUES (@MemberId, @RecencyDays, @Frequency, @MonetaryFen, @R, @F, @M, @Segment, @now) " +
                        "ON CONFLICT (member_id) DO UPDATE SET recency_days = @RecencyDays, frequency = @Frequency, monetary_fen = @MonetaryFen, " +
                        "r = @R, f = @F, m = @M, segment = @Segment, computed_at = @now",
                        new { s.MemberId, s.RecencyDays, s.Frequency, s.MonetaryFen, s.R, s.F, s.M, s.Segment, now });
                await indexing.EnqueueManyAsync(SearchIndexes.Members, batch.Select(s => s.MemberId).ToList());
            });
        }
        foreach (var batch in gone.Chunk(WriteBatch))
            await db.InTransactionAsync(async () =>
            {
                await db.ExecuteAsync($"DELETE FROM member_rfm WHERE {db.In("member_id", "ids")}", new { ids = batch });
                await indexing.EnqueueManyAsync(SearchIndexes.Members, batch);
            });
        return new RfmRun(scores.Count, changed.Count, gone.Count);
    }

    private sealed class InputRow
    {
        public string MemberId { get; set; } = "";
        public long LastPaidAt { get; set; }
        public long Frequency { get; set; }
        public long MonetaryFen { get; set; }
    }

    private sealed class StoredRow
    {
        public string MemberId { get; set; } = "";
        public int R { get; set; }
        public int F { get; set; }
        public int M { get; set; }
        public string Segment { get; set; } = "";
    }
}
