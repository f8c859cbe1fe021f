namespace Shop.Points.Services;

/// <summary>
/// Checks the books. For every account: balance + pending + reserved equals the sum of its entries'
/// deltas, pending / reserved / shortfall equal the sums of their entry columns; every lot holds
/// between 0 and its original amount, exactly its original plus its draws; active lots hold exactly
/// max(balance, 0) (a negative balance under allowNegative is a debt no lot carries, paid by the
/// next points credited); pending lots hold exactly pending; reserved equals the points held by
/// unsettled orders; refunds reversed no more of a lot's expired points than it lost to expiry. Returns the violations, empty when the books balance.
/// </summary>
public sealed class PointsInvariants(PointsBook book)
{
    public async Task<IReadOnlyList<string>> CheckAsync(string? memberId = null)
    {
        var db = book.Db;
        var filter = memberId is null ? "" : "WHERE a.member_id = @memberId";
        var rows = await db.QueryAsync<AccountCheck>(
            "SELECT a.member_id AS MemberId, a.balance AS Balance, a.pending AS Pending, a.reserved AS Reserved, a.shortfall AS Shortfall, " +
            "CAST(COALESCE((SELECT SUM(delta) FROM points_entries e WHERE e.member_id = a.member_id), 0) AS BIGINT) AS EntryDelta, " +
            "CAST(COALESCE((SELECT SUM(pending_delta) FROM points_entries e WHERE e.member_id = a.member_id), 0) AS BIGINT) AS EntryPending, " +
            "CAST(COALESCE((SELECT SUM(reserved_delta) FROM points_entries e WHERE e.member_id = a.member_id), 0) AS BIGINT) AS EntryReserved, " +
            "CAST(COALESCE((SELECT SUM(shortfall) FROM points_entries e WHERE e.member_id = a.member_id), 0) AS BIGINT) AS EntryShortfall, " +
            "CAST(COALESCE((SELECT SUM(remaining) FROM points_lots l WHERE l.member_id = a.member_id AND l.state = @active), 0) AS BIGINT) AS ActiveLots, " +
            "CAST(COALESCE((SELECT SUM(remaining) FROM points_lots l WHERE l.member_id = a.member_id AND l.state = @pendingState), 0) AS BIGINT) AS PendingLots, " +
            "CAST(COALESCE((SELECT SUM(points_used) FROM points_orders o WHERE o.member_id = a.member_id AND o.state = @reservedState), 0) AS BIGINT) AS HeldByOrders " +
            $"FROM points_accounts a {filter}",
            new { memberId, active = LotStates.Active, pendingState = LotStates.Pending, reservedState = OrderPointStates.Reserved });
        var violations = new List<string>();
        foreach (var a in rows)
        {
            if (a.Balance + a.Pending + a.Reserved != a.EntryDelta)
                violations.Add($"{a.MemberId}: balance {a.Balance} + pending {a.Pending} + reserved {a.Reserved} != sum of entries {a.EntryDelta}");
            if (a.Pending != a.EntryPending) violations.Add($"{a.MemberId}: pending {a.Pending} != entries {a.EntryPending}");
            if (a.Reserved != a.EntryReserved) violations.Add($"{a.MemberId}: reserved {a.Reserved} != entries {a.EntryReserved}");
            if (a.Shortfall != a.EntryShortfall) violations.Add($"{a.MemberId}: shortfall {a.Shortfall} != entries {a.EntryShortfall}");
            if (a.ActiveLots != Math.Max(a.Balance, 0)) violations.Add($"{a.MemberId}: active lots hold {a.ActiveLots}, balance is {a.Balance}");
            if (a.PendingLots != a.Pending) violations.Add($"{a.MemberId}: pending lots hold {a.PendingLots}, pending is {a.Pending}");
            if (a.HeldByOrders != a.Reserved) violations.Add($"{a.MemberId}: orders hold {a.HeldByOrders}, reserved is {a.Reserved}");
        }
        var lotFilter = memberId is null ? "" : "WHERE l.member_id = @memberId";
        var lots = await db.QueryAsync<LotCheck>(
            "SELECT l.id AS Id, l.member_id AS MemberId, l.original AS Original, l.remaining AS Remaining, " +
            "CAST(COALESCE((SELECT SUM(amount) FROM points_lot_draws d WHERE d.lot_id = l.id), 0) AS BIGINT) AS Draws, " +
            $"l.expired_reversed AS ExpiredReversed, CAST({OrderEarning.LostToExpiry("l.id")} AS BIGINT) AS Expired " +
            $"FROM points_lots l {lotFilter}", new { memberId, expire = PointsKinds.Expire });
        foreach (var lot in lots)
        {
            if (lot.Remaining < 0 || lot.Remaining > lot.Original) violations.Add($"{lot.MemberId}: lot {lot.Id} holds {lot.Remaining} of {lot.Original}");
            if (lot.Original + lot.Draws != lot.Remaining) violations.Add($"{lot.MemberId}: lot {lot.Id} holds {lot.Remaining}, original {lot.Original} + draws {lot.Draws}");
            if (lot.ExpiredReversed < 0 || lot.ExpiredReversed > lot.Expired)
                violations.Add($"{lot.MemberId}: lot {lot.Id} counts {lot.ExpiredReversed} expired points reversed, it lost {lot.Expired} to expiry");
        }
        return violations;
    }

    private sealed class AccountCheck
    {
        public string MemberId { get; init; } = "";
        public long Balance { get; init; }
        public long Pending { get; init; }
        public long Reserved { get; init; }
        public long Shortfall { get; init; }
        public long EntryDelta { get; init; }
        public long EntryPending { get; init; }
        public long EntryReserved { get; init; }
        public long EntryShortfall { get; init; }
        public long ActiveLots { get; init; }
        public long PendingLots { get; init; }
        public long HeldByOrders { get; init; }
    }

    private sealed class LotCheck
    {
        public string MemberId { get; init; } = "";
        public string Id { get; init; } = "";
        public long Original { get; init; }
        public long Remaining { get; init; }
        public long Draws { get; init; }
        public long ExpiredReversed { get; init; }
        public long Expired { get; init; }
    }
}
