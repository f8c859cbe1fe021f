using Dapper;
using Shop.Framework.Data;

namespace Shop.PointsMall.Services;

/// <summary>The SQL of <c>mall_codes</c>: the merchant's uploaded codes of virtual rewards.</summary>
public sealed class CodePool(DbSession db, TimeProvider clock)
{
    private const int InsertBatch = 200;

    /// <summary>Adds codes the pool does not hold yet (the primary key skips the rest); returns how many were added.</summary>
    public async Task<int> AddAsync(string rewardId, IReadOnlyList<string> codes)
    {
        var now = clock.NowMs();
        var added = 0;
        foreach (var batch in codes.Chunk(InsertBatch))
        {
            // One multi-row statement per batch: an upload of thousands of codes is dozens of round trips, not thousands.
            var parameters = new DynamicParameters(new { rewardId, now });
            var rows = batch.Select((code, i) =>
            {
                parameters.Add("c" + i, code);
                return $"(@rewardId, @c{i}, @now)";
            });
            added += await db.ExecuteAsync(
                $"INSERT INTO mall_codes (reward_id, code, uploaded_at) VALUES {string.Join(", ", rows)} ON CONFLICT DO NOTHING", parameters);
        }
        return added;
    }

    /// <summary>
    /// Claims a free code for a redemption; null when none is free. The update is guarded on the
    /// code still being free, so two redemptions never get one code. On PostgreSQL the pick skips
    /// codes other transactions are claiming instead of queueing behind them; when that finds
    /// nothing while codes are still unclaimed, a waiting pick follows, so a claim that rolls back
    /// is not mistaken for an empty pool.
    /// </summary>
    public async Task<string?> TryClaimAsync(string rewardId, string redemptionId, string memberId)
    {
        var args = new { rewardId, redemptionId, memberId, now = clock.NowMs() };
        if (db.Provider == DatabaseProvider.PostgreSQL && await ClaimAsync(" FOR UPDATE SKIP LOCKED", args) is { } skipped) return skipped;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await ClaimAsync("", args) is { } code) return code;
            if (await AvailableAsync(rewardId) == 0) return null;
        }
        return null;
    }

    private Task<string?> ClaimAsync(string lockClause, object args) =>
        db.QuerySingleOrDefaultAsync<string>(
            "UPDATE mall_codes SET redemption_id = @redemptionId, member_id = @memberId, assigned_at = @now " +
            "WHERE reward_id = @rewardId AND redemption_id IS NULL AND code = " +
            $"(SELECT code FROM mall_codes WHERE reward_id = @rewardId AND redemption_id IS NULL ORDER BY uploaded_at, code LIMIT 1{lockClause}) RETURNING code",
            args);

    public Task<long> AvailableAsync(string rewardId) =>
        db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mall_codes WHERE reward_id = @rewardId AND redemption_id IS NULL", new { rewardId });

    /// <summary>Free codes of several rewards in one query; a reward with none is missing from the answer.</summary>
    public async Task<IReadOnlyDictionary<string, long>> AvailableAsync(IReadOnlyCollection<string> rewardIds)
    {
        if (rewardIds.Count == 0) return new Dictionary<string, long>();
        var rows = await db.QueryAsync<(string RewardId, long Free)>(
            $"SELECT reward_id, COUNT(*) FROM mall_codes WHERE {db.In("reward_id", "ids")} AND redemption_id IS NULL GROUP BY reward_id",
            new { ids = rewardIds.ToArray() });
        return rows.ToDictionary(r => r.RewardId, r => r.Free);
    }
}
