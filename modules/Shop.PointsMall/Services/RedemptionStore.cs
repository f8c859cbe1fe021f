using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.PointsMall.Models;

namespace Shop.PointsMall.Services;

public sealed record RedemptionFilter(string? RewardId, string? Status, string? MemberId);

/// <summary>The SQL of <c>mall_redemptions</c>. Rows are read with the member's display name (never the phone).</summary>
public sealed class RedemptionStore(DbSession db, TimeProvider clock)
{
    // members belongs to Shop.Members, a declared dependency; the join reads one column for lists and the CSV.
    private const string From = "mall_redemptions r LEFT JOIN members m ON m.id = r.member_id";

    private const string Columns =
        "r.id AS Id, r.member_id AS MemberId, r.reward_id AS RewardId, r.reward_version AS RewardVersion, r.reward_title AS RewardTitle, " +
        "r.kind AS Kind, r.quantity AS Quantity, r.points_spent AS PointsSpent, r.cash_fen AS CashFen, r.status AS Status, r.local_day AS LocalDay, " +
        "r.coupon_ids AS CouponIds, r.codes AS Codes, r.carrier AS Carrier, r.tracking_number AS TrackingNumber, r.cancel_reason AS CancelReason, " +
        "r.cancel_key AS CancelKey, r.idempotency_key AS IdempotencyKey, r.created_at AS CreatedAt, r.updated_at AS UpdatedAt, " +
        "r.shipped_at AS ShippedAt, r.delivered_at AS DeliveredAt, r.cancelled_at AS CancelledAt, m.display_name AS MemberDisplayName";

    public DbSession Db => db;

    /// <summary>
    /// Inserts the redemption, or throws <paramref name="whenKeyTaken"/>'s exception (rolling the
    /// transaction back) when the member's key is taken; on PostgreSQL the insert travels with the
    /// next statement and the loss is noticed there.
    /// </summary>
    public Task InsertOrThrowAsync(Redemption r, Func<Exception> whenKeyTaken) =>
        db.ExecuteLaterAsync(
            "INSERT INTO mall_redemptions (id, member_id, reward_id, reward_version, reward_title, kind, quantity, points_spent, cash_fen, status, local_day, " +
            "idempotency_key, created_at, updated_at) VALUES (@Id, @MemberId, @RewardId, @RewardVersion, @RewardTitle, @Kind, @Quantity, @PointsSpent, @CashFen, " +
            "@Status, @LocalDay, @IdempotencyKey, @CreatedAt, @UpdatedAt) ON CONFLICT DO NOTHING",
            r, expectRows: 1, mismatch: whenKeyTaken);

    public Task<Redemption?> ByKeyAsync(string memberId, string idempotencyKey) =>
        db.QuerySingleOrDefaultAsync<Redemption>(
            $"SELECT {Columns} FROM {From} WHERE r.member_id = @memberId AND r.idempotency_key = @idempotencyKey", new { memberId, idempotencyKey });

    public Task<Redemption?> GetAsync(string id) =>
        db.QuerySingleOrDefaultAsync<Redemption>($"SELECT {Columns} FROM {From} WHERE r.id = @id", new { id });

    /// <summary>Records what was handed over: the coupons issued or the codes claimed.</summary>
    public Task SetHandedOverAsync(string id, string? couponIds, string? codes) =>
        db.ExecuteAsync("UPDATE mall_redemptions SET coupon_ids = @couponIds, codes = @codes WHERE id = @id", new { id, couponIds, codes });

    /// <summary>pending (or shipped, to correct the tracking) → shipped, for goods. False when the status did not allow it.</summary>
    public async Task<bool> TryShipAsync(string id, string carrier, string trackingNumber) =>
        await db.ExecuteAsync(
            "UPDATE mall_redemptions SET status = @shipped, carrier = @carrier, tracking_number = @trackingNumber, " +
            "shipped_at = COALESCE(shipped_at, @now), updated_at = @now WHERE id = @id AND kind = @goods AND status IN (@pending, @shipped)",
            new { id, carrier, trackingNumber, now = clock.NowMs(), goods = RewardKinds.Goods, pending = RedemptionStatuses.Pending, shipped = RedemptionStatuses.Shipped }) == 1;

    public async Task<bool> TryDeliverAsync(string id) =>
        await db.ExecuteAsync(
            "UPDATE mall_redemptions SET status = @delivered, delivered_at = @now, updated_at = @now WHERE id = @id AND status = @shipped",
            new { id, now = clock.NowMs(), delivered = RedemptionStatuses.Delivered, shipped = RedemptionStatuses.Shipped }) == 1;

    /// <summary>Cancels if the status is still <paramref name="expectedStatus"/>; false when another change got there first.</summary>
    public async Task<bool> TryCancelAsync(string id, string expectedStatus, string reason, string cancelKey) =>
        await db.ExecuteAsync(
            "UPDATE mall_redemptions SET status = @cancelled, cancel_reason = @reason, cancel_key = @cancelKey, cancelled_at = @now, updated_at = @now " +
            "WHERE id = @id AND status = @expectedStatus",
            new { id, expectedStatus, reason, cancelKey, now = clock.NowMs(), cancelled = RedemptionStatuses.Cancelled }) == 1;

    /// <summary>Newest first, keyset-paged on the time-ordered id.</summary>
    public async Task<(IReadOnlyList<Redemption> Rows, int Total)> ListAsync(RedemptionFilter filter, PageRequest page)
    {
        var (where, args) = Where(filter, page.AfterKey, page.First + 1);
        var total = await db.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM mall_redemptions r WHERE {where}", args);
        var rows = await db.QueryAsync<Redemption>(
            $"SELECT {Columns} FROM {From} WHERE {where} {(page.AfterKey is null ? "" : "AND r.id < @after")} ORDER BY r.id DESC LIMIT @take", args);
        return (rows.ToList(), total);
    }

    /// <summary>Every matching row, newest first, read a batch at a time (the CSV export).</summary>
    public async IAsyncEnumerable<Redemption> AllAsync(RedemptionFilter filter, int batchSize = 500)
    {
        string? after = null;
        while (true)
        {
            var (where, args) = Where(filter, after, batchSize);
            var batch = (await db.QueryAsync<Redemption>(
                $"SELECT {Columns} FROM {From} WHERE {where} {(after is null ? "" : "AND r.id < @after")} ORDER BY r.id DESC LIMIT @take", args)).ToList();
            foreach (var row in batch) yield return row;
            if (batch.Count < batchSize) yield break;
            after = batch[^1].Id;
        }
    }

    private static (string Where, object Args) Where(RedemptionFilter filter, string? after, int take)
    {
        var where = "1 = 1";
        if (!string.IsNullOrWhiteSpace(filter.RewardId)) where += " AND r.reward_id = @rewardId";
        if (!string.IsNullOrWhiteSpace(filter.Status)) where += " AND r.status = @status";
        if (!string.IsNullOrWhiteSpace(filter.MemberId)) where += " AND r.member_id = @memberId";
        return (where, new { rewardId = filter.RewardId?.Trim(), status = filter.Status?.Trim(), memberId = filter.MemberId?.Trim(), after, take });
    }
}
