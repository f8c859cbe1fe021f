using Shop.Framework.Data;

namespace Shop.PointsMall.Services;

/// <summary>Units a member redeemed of a reward, over its life and on one merchant-local day.</summary>
public sealed record MemberUsage(long Life, long Today);

/// <summary>The SQL of <c>mall_member_counts</c>.</summary>
public sealed class MemberCountStore(DbSession db)
{
    /// <summary>
    /// Counts <paramref name="quantity"/> units into the member's lifetime row and the row of
    /// <paramref name="day"/> unless either would pass its bound: one upsert whose updates are
    /// guarded, so concurrent redemptions of one member can never pass a limit together. Fewer than
    /// both rows counted means a limit is reached: <paramref name="whenReached"/>'s exception rolls
    /// the transaction back (on PostgreSQL where the statement is sent, with the next one). The
    /// caller checks quantity ≤ bound for rows not there yet.
    /// </summary>
    public Task CountOrThrowAsync(string rewardId, string memberId, string day, int quantity, long lifeBound, long dayBound, Func<Exception> whenReached) =>
        db.ExecuteLaterAsync(
            "INSERT INTO mall_member_counts (reward_id, member_id, period, redeemed) VALUES (@rewardId, @memberId, @life, @quantity), (@rewardId, @memberId, @day, @quantity) " +
            "ON CONFLICT (reward_id, member_id, period) DO UPDATE SET redeemed = mall_member_counts.redeemed + excluded.redeemed " +
            "WHERE mall_member_counts.redeemed + excluded.redeemed <= CASE WHEN excluded.period = @life THEN @lifeBound ELSE @dayBound END",
            new { rewardId, memberId, life = RewardRules.LifePeriod, day, quantity, lifeBound, dayBound }, expectRows: 2, mismatch: whenReached);

    /// <summary>Takes a cancelled redemption's units out of a period again.</summary>
    public Task ReturnAsync(string rewardId, string memberId, string period, int quantity) =>
        db.ExecuteAsync(
            "UPDATE mall_member_counts SET redeemed = redeemed - @quantity WHERE reward_id = @rewardId AND member_id = @memberId AND period = @period AND redeemed >= @quantity",
            new { rewardId, memberId, period, quantity });

    /// <summary>A member's usage of several rewards, lifetime and on <paramref name="day"/>, in one query.</summary>
    public async Task<IReadOnlyDictionary<string, MemberUsage>> UsageAsync(string memberId, IReadOnlyCollection<string> rewardIds, string day)
    {
        var rows = await db.QueryAsync<(string RewardId, string Period, long Redeemed)>(
            $"SELECT reward_id, period, redeemed FROM mall_member_counts WHERE member_id = @memberId AND {db.In("reward_id", "ids")} AND period IN (@life, @day)",
            new { memberId, ids = rewardIds.ToArray(), life = RewardRules.LifePeriod, day });
        return rows.GroupBy(r => r.RewardId).ToDictionary(g => g.Key, g => new MemberUsage(
            g.FirstOrDefault(r => r.Period == RewardRules.LifePeriod).Redeemed, g.FirstOrDefault(r => r.Period == day).Redeemed));
    }
}
