using Shop.Framework.Time;
using Shop.Members.Events;
using Shop.Members.Models;
using Shop.Points.Models;

namespace Shop.Points.Services;

/// <summary>
/// Points an order earns when paid, and their exact reversal when it is refunded. Earned points
/// form one lot per order, pending through the after-sales window; each line's share is stored so
/// a refund of a line reverses what that line earned.
/// </summary>
public sealed class OrderEarning(PointsBook book, PointsLedger ledger, PointsProgramSource programs, MerchantCalendar calendar,
    IEnumerable<IPointsMultiplierSource> multiplierSources)
{
    public const string OrderSource = "order";
    public const string RefundSource = "refund";

    public static string EarnKey(string orderId) => $"order:{orderId}:earn";

    public async Task<PointsEntry?> EarnAsync(Order order)
    {
        var (program, versionId) = await programs.CurrentAsync();
        var paidAt = order.PaidAt ?? book.Now();
        var multiplier = await TierMultiplierAsync(order.MemberId, paidAt);
        return await book.Db.InTransactionAsync(async () =>
        {
            await book.LockAsync(order.MemberId);
            if (await book.FindAsync(order.MemberId, EarnKey(order.OrderId)) is { } first) return first;
            var perLine = LinePoints(order, program, multiplier.Percent);
            var allowed = await CapAllowanceAsync(order.MemberId, perLine.Sum(), program, paidAt);
            if (allowed < perLine.Sum()) perLine = PointsRules.Allocate(allowed, perLine);
            await OrderLineStore.UpsertEarnedAsync(book.Db, order, perLine, book.Now());
            if (allowed == 0) return null;

            var now = book.Now();
            var frozenUntil = program.FrozenDays > 0 ? paidAt + program.FrozenDays * 86_400_000L : (long?)null;
            var pending = frozenUntil > now;
            var reason = multiplier.Reason is null ? $"Order {order.OrderId}" : $"Order {order.OrderId} ({multiplier.Reason})";
            var entry = ledger.NewEntry(order.MemberId, PointsKinds.Earn, allowed, OrderSource, order.OrderId, EarnKey(order.OrderId), reason, null)
                with { RuleVersionId = versionId, MultiplierPercent = multiplier.Percent, PendingDelta = pending ? allowed : 0, CountsAt = paidAt };
            await book.AppendAsync(entry);
            var balanceAfter = await book.ApplyAsync(entry);
            // Validity runs from when the points can be spent: counted from payment, points frozen for
            // the after-sales window could expire before they ever were (end of month, a week frozen).
            var expiresAt = PointsRules.ExpiresAt(program, calendar, frozenUntil ?? paidAt);
            if (pending) await book.NewLotAsync(order.MemberId, entry.Id, allowed, frozenUntil, expiresAt, LotStates.Pending);
            else await book.PlaceInNewLotAsync(order.MemberId, entry.Id, allowed, expiresAt, balanceAfter);
            return entry;
        });
    }

    /// <summary>
    /// What the order would earn if paid now with the member's current multiplier, before daily and
    /// monthly caps (which depend on when it is actually paid). Checkout quotes show it.
    /// </summary>
    public async Task<long> EstimateAsync(Order order)
    {
        var (program, _) = await programs.CurrentAsync();
        var multiplier = await TierMultiplierAsync(order.MemberId, book.Now());
        return LinePoints(order, program, multiplier.Percent).Sum();
    }

    /// <summary>Per line: cash × rate × category multiplier × tier multiplier, rounded; excluded lines and small orders earn nothing.</summary>
    public static long[] LinePoints(Order order, PointsProgram program, int tierPercent)
    {
        if (order.GoodsFen < program.MinimumOrderFen) return new long[order.Lines.Count];
        return order.Lines.Select(l => PointsRules.Excluded(program, l.Sku, l.CategoryIds)
            ? 0
            : PointsRules.LinePoints(l.AmountFen, program.PointsPerYuan, PointsRules.CategoryPercent(program, l.CategoryIds), tierPercent, program.Rounding)).ToArray();
    }

    /// <summary>Every registered source multiplies in (two ×1.5 sources give ×2.25); none registered is ×1.</summary>
    private async Task<PointsMultiplier> TierMultiplierAsync(string memberId, long at)
    {
        long percent = 100;
        var reasons = new List<string>();
        foreach (var source in multiplierSources)
        {
            var m = await source.MultiplierAtAsync(memberId, at);
            percent = percent * m.Percent / 100;
            if (m.Reason is not null) reasons.Add(m.Reason);
        }
        return new PointsMultiplier((int)percent, reasons.Count == 0 ? null : string.Join(", ", reasons));
    }

    /// <summary>
    /// Caps count order points by the merchant-local day and month the orders were paid in (read
    /// under the account lock), so an event processed late still counts for its own day.
    /// </summary>
    private async Task<long> CapAllowanceAsync(string memberId, long wanted, PointsProgram program, long paidAt)
    {
        if (program.DailyEarnCap == 0 && program.MonthlyEarnCap == 0) return wanted;
        var today = calendar.DateOf(paidAt);
        var month = new DateOnly(today.Year, today.Month, 1);
        return PointsRules.CapAllowance(wanted,
            program.DailyEarnCap, await EarnedBetweenAsync(memberId, calendar.StartOf(today), calendar.StartOf(today.AddDays(1))),
            program.MonthlyEarnCap, await EarnedBetweenAsync(memberId, calendar.StartOf(month), calendar.StartOf(month.AddMonths(1))));
    }

    private async Task<long> EarnedBetweenAsync(string memberId, long from, long to) =>
        await book.Db.ExecuteScalarAsync<long?>(
            EarnedBetweenSql, new { memberId, from, to }) ?? 0;

    /// <summary>
    /// The order earns counting in [from, to). The kind and source are written as constants, not
    /// parameters: only then can the partial index that holds just these entries serve it
    /// (M202612049001_LedgerQueryIndexes).
    /// </summary>
    public const string EarnedBetweenSql =
        "SELECT CAST(SUM(delta) AS BIGINT) FROM points_entries WHERE member_id = @memberId AND kind = '" + PointsKinds.Earn + "' " +
        "AND source_type = '" + OrderSource + "' AND COALESCE(counts_at, created_at) >= @from AND COALESCE(counts_at, created_at) < @to";

    /// <summary>
    /// Reverses the refunded lines' share of the points the order earned and returns their share of
    /// the points it used. Shares are cumulative over the line's refunds (see <see cref="PointsRules.CumulativeShare"/>).
    /// </summary>
    public async Task RefundAsync(OrderRefunded refunded)
    {
        var (program, _) = await programs.CurrentAsync();
        var order = refunded.Order;
        await book.Db.InTransactionAsync(async () =>
        {
            await book.LockAsync(order.MemberId);
            var lines = await OrderLineStore.ForOrderAsync(book.Db, order.OrderId);
            // Only paid orders are refunded, and their earn and refund messages are delivered
            // independently: a refund handled first would reverse nothing and the earn then credit
            // everything. Failing sends the refund back to the outbox, to be retried after the earn.
            // An earn entry is proof too (a node of the previous release earned without earned_at),
            // and after OrderRefunded.WaitForEarn the refund goes ahead with what is there.
            if (!lines.Values.Any(l => l.EarnedAt is not null) && refunded.MayWaitForEarn(book.Now())
                && await book.FindAsync(order.MemberId, EarnKey(order.OrderId)) is null)
                throw new OrderNotEarnedYetException(order.OrderId, refunded.Refund.RefundId, "points");
            long earnedBack = 0, usedBack = 0;
            foreach (var refundLine in refunded.Refund.Lines)
            {
                if (!lines.TryGetValue(refundLine.LineId, out var line)) continue;
                var before = refunded.PreviouslyRefunded.GetValueOrDefault(refundLine.LineId);
                if (line.AmountFen > 0)
                {
                    earnedBack += Share(line.Earned, before, refundLine.AmountFen, line.AmountFen);
                    usedBack += Share(line.PointsUsed, before, refundLine.AmountFen, line.AmountFen);
                }
                else
                {
                    // Paid entirely with points: no cash to measure, so the refunded quantity decides,
                    // cumulatively like cash. Messages from before quantities travelled count none before.
                    var quantityBefore = refunded.PreviouslyRefundedQuantity?.GetValueOrDefault(refundLine.LineId) ?? 0;
                    usedBack += Share(line.PointsUsed, quantityBefore, refundLine.Quantity, line.Quantity);
                }
            }
            var refundId = refunded.Refund.RefundId;
            if (usedBack > 0) await ReturnUsedAsync(order, refundId, usedBack, program);
            if (earnedBack > 0) await ReverseEarnedAsync(order, refundId, earnedBack, program);
        });
    }

    private static long Share(long total, long before, long now, long whole) =>
        PointsRules.CumulativeShare(total, before + now, whole) - PointsRules.CumulativeShare(total, before, whole);

    private async Task ReturnUsedAsync(Order order, string refundId, long points, PointsProgram program)
    {
        var key = $"refund:{refundId}:return";
        if (await book.FindAsync(order.MemberId, key) is not null) return;
        var reserveEntryId = await book.Db.ExecuteScalarAsync<string?>(
            "SELECT reserve_entry_id FROM points_orders WHERE order_id = @OrderId AND state = @captured", new { order.OrderId, captured = OrderPointStates.Captured });
        if (reserveEntryId is null) return;
        var entry = ledger.NewEntry(order.MemberId, PointsKinds.Reverse, points, RefundSource, refundId, key, $"Refund {refundId}: points used on refunded lines", null);
        await book.AppendAsync(entry);
        await ledger.ReturnAsync(entry, reserveEntryId, points, program);
    }

    /// <summary>
    /// Takes back earned points: from the order's own lot first (pending or active), then, free,
    /// those of its points that expired (the expire entry already took them off the balance), then
    /// from other active lots, earliest expiry first. What was already spent is the clawback:
    /// allowNegative takes the balance below zero, capAtZero stops at zero and records the shortfall.
    /// </summary>
    private async Task ReverseEarnedAsync(Order order, string refundId, long points, PointsProgram program)
    {
        var key = $"refund:{refundId}:reverse";
        if (await book.FindAsync(order.MemberId, key) is not null) return;
        var earn = await book.FindAsync(order.MemberId, EarnKey(order.OrderId));
        if (earn is null) return;
        var lot = (await book.Db.QueryAsync<PointsLot>($"SELECT {PointsBook.LotColumns} FROM points_lots WHERE entry_id = @Id", new { earn.Id })).FirstOrDefault();
        var fromLot = lot is null || lot.State == LotStates.Expired ? 0 : Math.Min(points, lot.Remaining);
        var fromPending = lot?.State == LotStates.Pending ? fromLot : 0;
        var fromOwnActive = fromLot - fromPending;
        var fromExpired = lot is null ? 0 : Math.Min(points - fromLot, await ExpiredUnreversedAsync(lot.Id));
        var balance = await book.BalanceAsync(order.MemberId);
        var fromOthers = Math.Min(points - fromLot - fromExpired, Math.Max(0, Math.Max(balance, 0) - fromOwnActive));
        var deficit = points - fromLot - fromExpired - fromOthers;
        var allowNegative = program.Clawback == PointsClawback.AllowNegative;
        var reason = fromExpired == 0 ? $"Refund {refundId}: points earned on refunded lines"
            : $"Refund {refundId}: points earned on refunded lines ({fromExpired} of them had already expired)";
        var entry = ledger.NewEntry(order.MemberId, PointsKinds.Reverse, -(fromLot + fromOthers + (allowNegative ? deficit : 0)), RefundSource, refundId, key, reason, null)
            with { PendingDelta = -fromPending, Shortfall = allowNegative ? 0 : deficit, RuleVersionId = earn.RuleVersionId, MultiplierPercent = earn.MultiplierPercent };
        await book.AppendAsync(entry);
        await book.ApplyAsync(entry, balanceMayGoNegative: allowNegative);
        if (fromLot > 0) await book.TakeFromLotAsync(lot!.Id, order.MemberId, entry.Id, fromLot);
        if (fromExpired > 0) await ReverseExpiredAsync(lot!.Id, fromExpired);
        if (fromOthers > 0) await book.DrawAsync(order.MemberId, entry.Id, fromOthers);
    }

    /// <summary>SQL for what the lot <paramref name="lotId"/> (a column or parameter) lost to expiry: its draws by expire entries (bound as @expire).</summary>
    public static string LostToExpiry(string lotId) =>
        "COALESCE((SELECT -SUM(d.amount) FROM points_lot_draws d JOIN points_entries e ON e.id = d.entry_id " +
        $"WHERE d.lot_id = {lotId} AND e.kind = @expire), 0)";

    /// <summary>Points the lot lost to expiry that no earlier refund of the order has reversed yet.</summary>
    private async Task<long> ExpiredUnreversedAsync(string lotId) =>
        await book.Db.ExecuteScalarAsync<long?>(
            $"SELECT CAST({LostToExpiry("@lotId")} - expired_reversed AS BIGINT) FROM points_lots WHERE id = @lotId",
            new { lotId, expire = PointsKinds.Expire }) ?? 0;

    /// <summary>
    /// Counts expired points as reversed. Guarded as well as locked: the count can never pass what
    /// the lot lost to expiry, so no expired point excuses two refunds.
    /// </summary>
    private async Task ReverseExpiredAsync(string lotId, long points)
    {
        var counted = await book.Db.ExecuteAsync(
            $"UPDATE points_lots SET expired_reversed = expired_reversed + @points WHERE id = @lotId AND expired_reversed + @points <= {LostToExpiry("@lotId")}",
            new { lotId, points, expire = PointsKinds.Expire });
        if (counted != 1) throw new InvalidOperationException($"Lot {lotId} lost fewer than {points} more points to expiry.");
    }
}
