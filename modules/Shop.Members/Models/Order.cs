using System.Text.Json.Serialization;

namespace Shop.Members.Models;

/// <summary>
/// One order line as the commerce system reports it. <see cref="AmountFen"/> is the cash the
/// member pays for the line after every discount, points deduction included (the figures
/// <c>checkoutQuote</c> splits across lines). Points earned, growth value and refund shares
/// are all computed from it.
/// </summary>
public sealed record OrderLine(string LineId, string Sku, IReadOnlyList<string> CategoryIds, int Quantity, long AmountFen)
{
    /// <summary>
    /// What the order's points paid of this line, in fen: the quote line's <c>pointsDeductionFen</c>.
    /// Optional, on every line of an order or on none; the points module splits the order's points
    /// over its lines by it, so a refund of one line returns the points that paid for that line.
    /// Null (and left out of the stored JSON) when the commerce system did not send it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PointsDeductionFen { get; init; }
}

public static class OrderStatuses
{
    public const string Placed = "placed";
    public const string Paid = "paid";
    public const string Cancelled = "cancelled";
}

/// <summary>An order as this engine knows it: what was placed, and whether it was paid or cancelled.</summary>
public sealed record Order
{
    public required string OrderId { get; init; }
    public required string MemberId { get; init; }
    public required string Status { get; init; }
    public required IReadOnlyList<OrderLine> Lines { get; init; }
    public long ShippingFeeFen { get; init; }
    /// <summary>Points the member uses to pay part of the order (reserved at placement, spent at payment).</summary>
    public long PointsUsed { get; init; }
    public IReadOnlyList<string> CouponIds { get; init; } = [];
    public string? ReferrerCode { get; init; }
    public string? GroupBuySlotId { get; init; }
    public long PlacedAt { get; init; }
    public long? PaidAt { get; init; }
    public long? CancelledAt { get; init; }

    /// <summary>Cash paid for the goods, shipping excluded.</summary>
    public long GoodsFen => Lines.Sum(l => l.AmountFen);
}

/// <summary>Part of a refund: cash returned for a line and how many units came back.</summary>
public sealed record RefundLine(string LineId, int Quantity, long AmountFen);

public sealed record OrderRefund
{
    public required string RefundId { get; init; }
    public required string OrderId { get; init; }
    public required string MemberId { get; init; }
    public required IReadOnlyList<RefundLine> Lines { get; init; }
    public long RefundedAt { get; init; }
}
