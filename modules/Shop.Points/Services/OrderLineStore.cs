using Shop.Framework.Data;
using Shop.Members.Models;

namespace Shop.Points.Services;

/// <summary>Per order line: points used on it and points it earned, the bases of refund shares.</summary>
public sealed record OrderLinePoints
{
    public required string OrderId { get; init; }
    public required string LineId { get; init; }
    public required string MemberId { get; init; }
    public long AmountFen { get; init; }
    public int Quantity { get; init; }
    public long PointsUsed { get; init; }
    public long Earned { get; init; }

    /// <summary>When the order's earn was processed (even one capped to nothing); null until then.</summary>
    public long? EarnedAt { get; init; }
}

public static class OrderLineStore
{
    /// <summary>Points used per line, written when the order is placed.</summary>
    public static Task UpsertUsedAsync(DbSession db, Order order, IReadOnlyList<long> used) => UpsertAsync(db, order, used, "points_used", null);

    /// <summary>Points earned per line, written when the order's earn is processed, with the time it was.</summary>
    public static Task UpsertEarnedAsync(DbSession db, Order order, IReadOnlyList<long> earned, long at) => UpsertAsync(db, order, earned, "earned", at);

    private static Task UpsertAsync(DbSession db, Order order, IReadOnlyList<long> values, string column, long? earnedAt) =>
        db.ExecuteAsync(
            "INSERT INTO points_order_lines (order_id, line_id, member_id, amount_fen, quantity, points_used, earned, earned_at) " +
            $"VALUES (@OrderId, @LineId, @MemberId, @AmountFen, @Quantity, {(column == "earned" ? "0, @Value" : "@Value, 0")}, @EarnedAt) " +
            $"ON CONFLICT (order_id, line_id) DO UPDATE SET {column} = excluded.{column}, amount_fen = excluded.amount_fen, quantity = excluded.quantity" +
            (earnedAt is null ? "" : ", earned_at = excluded.earned_at"),
            Rows(order, values, earnedAt));

    public static async Task<Dictionary<string, OrderLinePoints>> ForOrderAsync(DbSession db, string orderId) =>
        (await db.QueryAsync<OrderLinePoints>(
            "SELECT order_id AS OrderId, line_id AS LineId, member_id AS MemberId, amount_fen AS AmountFen, quantity AS Quantity, " +
            "points_used AS PointsUsed, earned AS Earned, earned_at AS EarnedAt FROM points_order_lines WHERE order_id = @orderId", new { orderId }))
        .ToDictionary(l => l.LineId);

    private static IEnumerable<object> Rows(Order order, IReadOnlyList<long> values, long? earnedAt) =>
        order.Lines.Select((l, i) => new { order.OrderId, l.LineId, order.MemberId, l.AmountFen, l.Quantity, Value = values[i], EarnedAt = earnedAt });
}
