using Shop.Framework.Data;
using Shop.Framework.Search;
using Shop.Framework.Time;

namespace Shop.Audiences.Services;

/// <summary>
/// Scores every member with a paid order in the window and stores the scores with the raw values
/// behind them (recency in merchant-calendar days, frequency, net monetary value). A row is
/// rewritten when any of them changed; the index holds only the scores and the segment, so only
/// members whose scores or segment changed, or who left the window, are queued for reindexing.
/// Reads the orders intake's tables (Shop.Members is a declared dependency).
/// </summary>
public sealed class RfmService(DbSession db, AudienceCatalog catalog, IIndexingQueue indexing, MerchantCalendar calendar, TimeProvider clock)
{
    private const int WriteBatch = 500;
    private const long DayMs = 86_400_000;

    /// <summary>Changed: rows rewritten (scores or raw values); Reindexed: of those, scores or segment changed.</summary>
    public sealed record RfmRun(int Scored, int Changed, int Removed, int Reindexed = 0);

    public async Task<RfmRun> RecomputeAsync(CancellationToken ct = default)
    {
        var program = await catalog.RfmProgramAsync();
        var now = clock.NowMs();
        var today = calendar.DateOf(now).DayNumber;
        var since = now - program.WindowDays * DayMs;
        // Net monetary value: cash paid for the window's orders less what was refunded on them.
        var inputs = (await db.QueryAsync<InputRow>(
            "SELECT o.member_id AS MemberId, MAX(o.paid_at) AS LastPaidAt, COUNT(*) AS Frequency, " +
            "SUM(o.goods_fen) - COALESCE(SUM(r.refunded), 0) AS MonetaryFen " +
            "FROM orders o LEFT JOIN (SELECT order_id, SUM(amount_fen) AS refunded FROM order_refunds GROUP BY order_id) r ON r.order_id = o.order_id " +
            "WHERE o.status = 'paid' AND o.paid_at >= @since GROUP BY o.member_id",
            new { since }))
            // Recency in local calendar days: paid yesterday at 23:30 is 1 day ago at 00:30 today.
            .Select(row => new RfmInput(row.MemberId, Math.Max(0, today - calendar.DateOf(row.LastPaidAt).DayNumber), row.Frequency, Math.Max(0, row.MonetaryFen)))
            .ToList();
        var scores = RfmScoring.Score(inputs);
        var stored = (await db.QueryAsync<StoredRow>(
                "SELECT member_id AS MemberId, recency_days AS RecencyDays, frequency AS Frequency, monetary_fen AS MonetaryFen, " +
                "r AS R, f AS F, m AS M, segment AS Segment FROM member_rfm"))
            .ToDictionary(s => s.MemberId);

        bool Indexed(RfmScore s) => !stored.TryGetValue(s.MemberId, out var old) || old.R != s.R || old.F != s.F || old.M != s.M || old.Segment != s.Segment;
        bool RawChanged(RfmScore s) => stored.TryGetValue(s.MemberId, out var old)
            && (old.RecencyDays != s.RecencyDays || old.Frequency != s.Frequency || old.MonetaryFen != s.MonetaryFen);
        var changed = scores.Where(s => Indexed(s) || RawChanged(s)).ToList();
        var reindexed = 0;
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
                var reindex = batch.Where(Indexed).Select(s => s.MemberId).ToList();
                if (reindex.Count > 0) await indexing.EnqueueManyAsync(SearchIndexes.Members, reindex);
                reindexed += reindex.Count;
            });
        }
        foreach (var batch in gone.Chunk(WriteBatch))
            await db.InTransactionAsync(async () =>
            {
                await db.ExecuteAsync($"DELETE FROM member_rfm WHERE {db.In("member_id", "ids")}", new { ids = batch });
                await indexing.EnqueueManyAsync(SearchIndexes.Members, batch);
            });
        return new RfmRun(scores.Count, changed.Count, gone.Count, reindexed);
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
        public long RecencyDays { get; set; }
        public long Frequency { get; set; }
        public long MonetaryFen { get; set; }
        public int R { get; set; }
        public int F { get; set; }
        public int M { get; set; }
        public string Segment { get; set; } = "";
    }
}
