using Shop.Framework.GraphQL;
using Shop.Members.Models;
using Shop.Members.Services.Orders;
using Shop.Points.Models;

namespace Shop.Points.Services;

/// <summary>
/// Points used at checkout: reserved when the order is placed (drawn from lots at once, so the
/// same points cannot be promised twice), spent when it is paid, given back to the same lots when
/// it is cancelled. Runs inside the order intake's transaction.
/// </summary>
public sealed class OrderPointsParticipant(PointsBook book, PointsLedger ledger, PointsProgramSource programs) : IOrderParticipant
{
    public async Task<IReadOnlyList<UserError>> ReserveAsync(Order order)
    {
        if (order.PointsUsed <= 0) return CheckLineDeductions(order, 0) is { } unpaid ? [unpaid] : [];
        var (program, _) = await programs.CurrentAsync();
        var points = order.PointsUsed;
        var fen = PointsRules.DeductionFen(points, program.DeductionPointsPerYuan);
        if ((CheckRules(order, program) ?? CheckLineDeductions(order, fen)) is { } refused) return [refused];
        var key = $"order:{order.OrderId}:reserve";
        return await book.Db.InTransactionAsync<IReadOnlyList<UserError>>(async () =>
        {
            if (await book.FindAsync(order.MemberId, key) is not null) return [];
            if (await ledger.TakeSpendableAsync(order.MemberId, points, program.DeductionMinimumBalance) is not { } lots)
            {
                if (await book.FindAsync(order.MemberId, key) is not null) return [];
                var balance = await book.BalanceAsync(order.MemberId);
                return [balance < program.DeductionMinimumBalance
                    ? new UserError(PointsErrorCodes.BelowMinimum, $"Points can be used from a balance of {program.DeductionMinimumBalance}.", "pointsUsed")
                    : new UserError(PointsErrorCodes.InsufficientPoints, "Not enough points.", "pointsUsed")];
            }
            var entry = ledger.NewEntry(order.MemberId, PointsKinds.Reserve, 0, "order", order.OrderId, key, $"Held for order {order.OrderId}", null)
                with { ReservedDelta = points };
            if (!await book.TryAppendAsync(entry))
            {
                await book.ReturnBalanceAsync(order.MemberId, points);
                return [];
            }
            await book.Db.ExecuteAsync("UPDATE points_accounts SET reserved = reserved + @points WHERE member_id = @MemberId", new { points, order.MemberId });
            await book.DrawAsync(order.MemberId, entry.Id, points, lots);
            await book.Db.ExecuteAsync(
                "INSERT INTO points_orders (order_id, member_id, points_used, deduction_fen, state, reserve_entry_id, created_at) " +
                "VALUES (@OrderId, @MemberId, @points, @fen, @state, @entryId, @now)",
                new { order.OrderId, order.MemberId, points, fen, state = OrderPointStates.Reserved, entryId = entry.Id, now = book.Now() });
            await OrderLineStore.UpsertUsedAsync(book.Db, order, SplitOverLines(order));
            return [];
        });
    }

    public Task CaptureAsync(Order order) => SettleAsync(order, capture: true);

    public Task ReleaseAsync(Order order) => SettleAsync(order, capture: false);

    /// <summary>
    /// Checkout rules that need no balance: a whole number of steps, and no more than the
    /// programme's share of the goods value (the cash paid plus what the points are worth).
    /// </summary>
    public static UserError? CheckRules(Order order, PointsProgram program)
    {
        if (order.PointsUsed % program.DeductionStep != 0)
            return new UserError(PointsErrorCodes.Step, $"Points are used in steps of {program.DeductionStep}.", "pointsUsed");
        var fen = PointsRules.DeductionFen(order.PointsUsed, program.DeductionPointsPerYuan);
        if (!PointsRules.WithinShare(fen, order.GoodsFen, program.DeductionMaxSharePercent))
            return new UserError(PointsErrorCodes.ShareExceeded, $"Points may pay at most {program.DeductionMaxSharePercent}% of the goods.", "pointsUsed");
        return null;
    }

    /// <summary>
    /// The order's points per line, the base of each line's refunds. When the lines say what points
    /// paid of each (<see cref="OrderLine.PointsDeductionFen"/>, checkoutQuote's split), the points
    /// follow those figures exactly. Otherwise the cash paid per line is the only measure there is:
    /// right when points were split in proportion to the lines' value and left cash on every line
    /// (as checkoutQuote splits them), wrong when they covered lines unequally, and with no cash on
    /// any line (an order paid entirely with points) the split is even across lines.
    /// </summary>
    public static long[] SplitOverLines(Order order)
    {
        var byDeduction = HasLineDeductions(order);
        return PointsRules.Allocate(order.PointsUsed, order.Lines.Select(l => byDeduction ? l.PointsDeductionFen!.Value : l.AmountFen).ToList());
    }

    private static bool HasLineDeductions(Order order) => order.Lines.All(l => l.PointsDeductionFen is not null);

    /// <summary>
    /// The lines' points deductions, when sent, must add up to what the order's points pay
    /// (<paramref name="deductionFen"/>, at the programme's rate): otherwise they were not the
    /// split of these points, and a line's refund would return another line's.
    /// </summary>
    public static UserError? CheckLineDeductions(Order order, long deductionFen)
    {
        if (!HasLineDeductions(order)) return null;
        var sum = order.Lines.Sum(l => l.PointsDeductionFen!.Value);
        return sum == deductionFen ? null : new UserError(ErrorCodes.Validation,
            $"The lines' pointsDeductionFen add up to {sum} fen, but pointsUsed ({order.PointsUsed}) pays {deductionFen} fen; " +
            "send each line's pointsDeductionFen from the checkoutQuote that gave pointsUsed.", "lines");
    }

    private async Task SettleAsync(Order order, bool capture)
    {
        var (program, _) = await programs.CurrentAsync();
        await book.Db.InTransactionAsync(async () =>
        {
            await book.LockAsync(order.MemberId);
            var h = await book.Db.QuerySingleOrDefaultAsync<Held>(
                "SELECT points_used AS PointsUsed, reserve_entry_id AS ReserveEntryId FROM points_orders WHERE order_id = @OrderId AND state = @reserved",
                new { order.OrderId, reserved = OrderPointStates.Reserved });
            if (h is null) return;
            var moved = await book.Db.ExecuteAsync("UPDATE points_orders SET state = @to WHERE order_id = @OrderId AND state = @reserved",
                new { order.OrderId, reserved = OrderPointStates.Reserved, to = capture ? OrderPointStates.Captured : OrderPointStates.Released });
            if (moved == 0) return;
            if (capture)
            {
                var spend = ledger.NewEntry(order.MemberId, PointsKinds.Spend, -h.PointsUsed, "order", order.OrderId, $"order:{order.OrderId}:capture", $"Used on order {order.OrderId}", null)
                    with { ReservedDelta = -h.PointsUsed };
                await book.AppendAsync(spend);
                await book.ApplyAsync(spend);
                return;
            }
            var release = ledger.NewEntry(order.MemberId, PointsKinds.Release, 0, "order", order.OrderId, $"order:{order.OrderId}:release", $"Order {order.OrderId} cancelled", null)
                with { ReservedDelta = -h.PointsUsed };
            await book.AppendAsync(release);
            await ledger.ReturnAsync(release, h.ReserveEntryId, h.PointsUsed, program);
        });
    }

    private sealed record Held(long PointsUsed, string ReserveEntryId);
}

public static class OrderPointStates
{
    public const string Reserved = "reserved";
    public const string Captured = "captured";
    public const string Released = "released";
}
