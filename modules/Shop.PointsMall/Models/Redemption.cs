namespace Shop.PointsMall.Models;

/// <summary>One redemption as stored. Amounts are totals for the quantity.</summary>
public sealed record Redemption
{
    public required string Id { get; init; }
    public required string MemberId { get; init; }
    public required string RewardId { get; init; }
    /// <summary>The content version that priced it.</summary>
    public required string RewardVersion { get; init; }
    public required string RewardTitle { get; init; }
    public required string Kind { get; init; }
    public int Quantity { get; init; }
    public long PointsSpent { get; init; }
    public long CashFen { get; init; }
    public required string Status { get; init; }
    /// <summary>The merchant-local day it counted on (yyyy-MM-dd), for the daily limit and its return on cancel.</summary>
    public required string LocalDay { get; init; }
    /// <summary>Issued coupon ids, comma-separated (coupon kind).</summary>
    public string? CouponIds { get; init; }
    /// <summary>Assigned codes, newline-separated (virtual kind).</summary>
    public string? Codes { get; init; }
    public string? Carrier { get; init; }
    public string? TrackingNumber { get; init; }
    public string? CancelReason { get; init; }
    public string? CancelKey { get; init; }
    public required string IdempotencyKey { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public long? ShippedAt { get; init; }
    public long? DeliveredAt { get; init; }
    public long? CancelledAt { get; init; }
    /// <summary>Read with the row (admin lists and the CSV); never the phone.</summary>
    public string? MemberDisplayName { get; init; }

    public IReadOnlyList<string> CouponIdList => Split(CouponIds, ',');
    public IReadOnlyList<string> CodeList => Split(Codes, '\n');

    private static IReadOnlyList<string> Split(string? joined, char separator) =>
        string.IsNullOrEmpty(joined) ? [] : joined.Split(separator);
}

/// <summary>
/// Goods: pending → shipped → delivered. Coupons and codes are handed over at once: fulfilled.
/// Cancelled: points, stock and the member's counts went back.
/// </summary>
public static class RedemptionStatuses
{
    public const string Pending = "pending";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Fulfilled = "fulfilled";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Pending, Shipped, Delivered, Fulfilled, Cancelled];
}
