namespace Shop.Members.Models;

/// <summary>
/// An order as the commerce system sends it, to <c>orderPlaced</c> and <c>orderPaid</c> alike
/// (admin GraphQL or the signed webhook).
/// </summary>
public sealed class OrderInput
{
    public string OrderId { get; set; } = "";
    public string MemberId { get; set; } = "";
    public DateTimeOffset? PlacedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public List<OrderLineInput> Lines { get; set; } = [];
    public long ShippingFeeFen { get; set; }
    public List<string>? CouponIds { get; set; }
    public long PointsUsed { get; set; }
    public string? ReferrerCode { get; set; }
    public string? GroupBuySlotId { get; set; }
}

public sealed class OrderLineInput
{
    public string LineId { get; set; } = "";
    public string Sku { get; set; } = "";
    public List<string>? CategoryIds { get; set; }
    public int Quantity { get; set; }
    public long AmountFen { get; set; }
    /// <summary>Optional: what points paid of the line, in fen, as <c>checkoutQuote</c> returned it (see <see cref="OrderLine.PointsDeductionFen"/>).</summary>
    public long? PointsDeductionFen { get; set; }
}

public sealed class OrderCancelInput
{
    public string OrderId { get; set; } = "";
    public DateTimeOffset? CancelledAt { get; set; }
}

public sealed class OrderRefundInput
{
    public string OrderId { get; set; } = "";
    public string RefundId { get; set; } = "";
    public DateTimeOffset? RefundedAt { get; set; }
    public List<RefundLineInput> Lines { get; set; } = [];
}

public sealed class RefundLineInput
{
    public string LineId { get; set; } = "";
    public int Quantity { get; set; }
    public long AmountFen { get; set; }
}
