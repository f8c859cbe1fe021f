using System.Text.Json;
using Shop.Framework.Data;
using Shop.Members.Models;

namespace Shop.Members.Services.Orders;

/// <summary>Reads and writes the order tables; the rules live in <see cref="OrderIntakeService"/>.</summary>
public sealed class OrderStore(DbSession db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns =
        "order_id AS OrderId, member_id AS MemberId, status AS Status, lines AS Lines, shipping_fee_fen AS ShippingFeeFen, points_used AS PointsUsed, " +
        "coupon_ids AS CouponIds, referrer_code AS ReferrerCode, group_buy_slot_id AS GroupBuySlotId, placed_at AS PlacedAt, paid_at AS PaidAt, cancelled_at AS CancelledAt";

    private sealed record OrderRow(string OrderId, string MemberId, string Status, string Lines, long ShippingFeeFen, long PointsUsed, string CouponIds,
        string? ReferrerCode, string? GroupBuySlotId, long PlacedAt, long? PaidAt, long? CancelledAt);

    private sealed record RefundRow(string RefundId, string OrderId, string MemberId, string Lines, long RefundedAt);

    public async Task<Order?> GetAsync(string orderId) =>
        ToOrder(await db.QuerySingleOrDefaultAsync<OrderRow>($"SELECT {Columns} FROM orders WHERE order_id = @orderId", new { orderId }));

    /// <summary>
    /// A member's orders, newest placement first. Order ids are the commerce system's and say
    /// nothing about time, so the cursor is the pair (placed_at, order_id): see <see cref="CursorOf"/>.
    /// </summary>
    public async Task<(IReadOnlyList<Order> Rows, int Total)> ListByMemberAsync(string memberId, Framework.GraphQL.PageRequest page)
    {
        var total = await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders WHERE member_id = @memberId", new { memberId });
        var (afterAt, afterId) = ParseCursor(page.AfterKey);
        var rows = await db.QueryAsync<OrderRow>(
            $"SELECT {Columns} FROM orders WHERE member_id = @memberId " +
            (page.AfterKey is null ? "" : "AND (placed_at < @afterAt OR (placed_at = @afterAt AND order_id < @afterId)) ") +
            "ORDER BY placed_at DESC, order_id DESC LIMIT @take",
            new { memberId, afterAt, afterId, take = page.First + 1 });
        return (rows.Select(r => ToOrder(r)!).ToList(), total);
    }

    public static string CursorOf(Order order) => $"{order.PlacedAt}|{order.OrderId}";

    private static (long At, string? Id) ParseCursor(string? key)
    {
        if (key is null) return (0, null);
        var bar = key.IndexOf('|');
        return bar > 0 && long.TryParse(key.AsSpan(0, bar), out var at) ? (at, key[(bar + 1)..]) : (long.MaxValue, "");
    }

    /// <summary>Inserts a placed order; false when the id is already known (the caller replays or refuses).</summary>
    public async Task<bool> TryInsertAsync(Order order) =>
        await db.ExecuteAsync(
            "INSERT INTO orders (order_id, member_id, status, lines, goods_fen, shipping_fee_fen, points_used, coupon_ids, referrer_code, group_buy_slot_id, placed_at) " +
            "VALUES (@OrderId, @MemberId, @Status, @lines, @GoodsFen, @ShippingFeeFen, @PointsUsed, @couponIds, @ReferrerCode, @GroupBuySlotId, @PlacedAt) ON CONFLICT (order_id) DO NOTHING",
            new
            {
                order.OrderId, order.MemberId, order.Status, lines = JsonSerializer.Serialize(order.Lines, Json), order.GoodsFen, order.ShippingFeeFen,
                order.PointsUsed, couponIds = JsonSerializer.Serialize(order.CouponIds, Json), order.ReferrerCode, order.GroupBuySlotId, order.PlacedAt,
            }) == 1;

    /// <summary>Moves a placed order on; false when it is no longer placed (a concurrent call got there first).</summary>
    public async Task<bool> TryTransitionAsync(string orderId, string to, long at)
    {
        var column = to == OrderStatuses.Paid ? "paid_at" : "cancelled_at";
        return await db.ExecuteAsync($"UPDATE orders SET status = @to, {column} = @at WHERE order_id = @orderId AND status = @placed",
            new { orderId, to, at, placed = OrderStatuses.Placed }) == 1;
    }

    public Task OpenRefundLinesAsync(Order order) =>
        db.ExecuteAsync(
            "INSERT INTO order_line_refunds (order_id, line_id, paid_fen, quantity, refunded_fen, refunded_quantity) VALUES (@orderId, @LineId, @AmountFen, @Quantity, 0, 0) " +
            "ON CONFLICT DO NOTHING",
            order.Lines.Select(l => new { orderId = order.OrderId, l.LineId, l.AmountFen, l.Quantity }).ToList());

    /// <summary>
    /// Adds to a line's refunded totals unless that would exceed what was paid; returns the
    /// amount and quantity refunded before this refund, or null when refused.
    /// </summary>
    public async Task<RefundedBefore?> TryRefundLineAsync(string orderId, RefundLine line)
    {
        var after = (await db.QueryAsync<(long Fen, long Quantity)>(
            "UPDATE order_line_refunds SET refunded_fen = refunded_fen + @AmountFen, refunded_quantity = refunded_quantity + @Quantity " +
            "WHERE order_id = @orderId AND line_id = @LineId AND refunded_fen + @AmountFen <= paid_fen AND refunded_quantity + @Quantity <= quantity " +
            "RETURNING refunded_fen, CAST(refunded_quantity AS BIGINT)",
            new { orderId, line.LineId, line.AmountFen, line.Quantity })).ToList();
        return after.Count == 0 ? null : new RefundedBefore(after[0].Fen - line.AmountFen, (int)after[0].Quantity - line.Quantity);
    }

    public async Task<bool> TryInsertRefundAsync(OrderRefund refund) =>
        await db.ExecuteAsync(
            "INSERT INTO order_refunds (refund_id, order_id, member_id, lines, amount_fen, refunded_at) VALUES (@RefundId, @OrderId, @MemberId, @lines, @amount, @RefundedAt) " +
            "ON CONFLICT (refund_id) DO NOTHING",
            new { refund.RefundId, refund.OrderId, refund.MemberId, lines = JsonSerializer.Serialize(refund.Lines, Json), amount = refund.Lines.Sum(l => l.AmountFen), refund.RefundedAt }) == 1;

    private const string RefundColumns = "refund_id AS RefundId, order_id AS OrderId, member_id AS MemberId, lines AS Lines, refunded_at AS RefundedAt";

    public async Task<OrderRefund?> GetRefundAsync(string refundId) =>
        ToRefund(await db.QuerySingleOrDefaultAsync<RefundRow>($"SELECT {RefundColumns} FROM order_refunds WHERE refund_id = @refundId", new { refundId }));

    public async Task<IReadOnlyList<OrderRefund>> RefundsOfAsync(string orderId) =>
        (await RefundsOfAsync([orderId])).GetValueOrDefault(orderId) ?? [];

    /// <summary>The refunds of several orders in one query, oldest first per order.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<OrderRefund>>> RefundsOfAsync(IReadOnlyCollection<string> orderIds)
    {
        var rows = await db.QueryAsync<RefundRow>(
            $"SELECT {RefundColumns} FROM order_refunds WHERE {db.In("order_id", "orderIds")} ORDER BY refunded_at, refund_id",
            new { orderIds = orderIds.ToArray() });
        return rows.Select(r => ToRefund(r)!).GroupBy(r => r.OrderId).ToDictionary(g => g.Key, g => (IReadOnlyList<OrderRefund>)g.ToList());
    }

    private static OrderRefund? ToRefund(RefundRow? row) => row is null ? null : new OrderRefund
    {
        RefundId = row.RefundId, OrderId = row.OrderId, MemberId = row.MemberId, RefundedAt = row.RefundedAt,
        Lines = JsonSerializer.Deserialize<List<RefundLine>>(row.Lines, Json)!,
    };

    private static Order? ToOrder(OrderRow? row) => row is null ? null : new Order
    {
        OrderId = row.OrderId,
        MemberId = row.MemberId,
        Status = row.Status,
        Lines = JsonSerializer.Deserialize<List<OrderLine>>(row.Lines, Json)!,
        ShippingFeeFen = row.ShippingFeeFen,
        PointsUsed = row.PointsUsed,
        CouponIds = JsonSerializer.Deserialize<List<string>>(row.CouponIds, Json)!,
        ReferrerCode = row.ReferrerCode,
        GroupBuySlotId = row.GroupBuySlotId,
        PlacedAt = row.PlacedAt,
        PaidAt = row.PaidAt,
        CancelledAt = row.CancelledAt,
    };
}

/// <summary>What earlier refunds of an order line took: cash and quantity.</summary>
public readonly record struct RefundedBefore(long Fen, int Quantity);
