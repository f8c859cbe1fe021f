using Shop.Coupons.Models;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.Services;

/// <summary>
/// A member's coupons as checkout sees them, and the order-bound state changes: reserve when an
/// order is placed, mark used when it is paid, release when it is cancelled. Every change is a
/// guarded update on the coupon's status, so two orders can never hold the same coupon.
/// </summary>
public interface ICouponWallet
{
    /// <summary>The member's available coupons valid at <paramref name="atMs"/> (for "best for me" and the applicability list).</summary>
    Task<IReadOnlyList<WalletCoupon>> UsableAsync(string memberId, long atMs, CancellationToken ct = default);

    /// <summary>The member's coupons with these ids, whatever their status; other members' coupons are not returned.</summary>
    Task<IReadOnlyList<WalletCoupon>> FindAsync(string memberId, IReadOnlyCollection<string> couponIds, CancellationToken ct = default);

    /// <summary>
    /// Reserves the coupons for the order, all or none. Already reserved by the same order:
    /// success (a replay). Errors per coupon (field = the coupon id): <c>NOT_FOUND</c>,
    /// <c>EXPIRED</c>, <c>NOT_AVAILABLE</c> (used, voided, or held by another order).
    /// </summary>
    Task<IReadOnlyList<UserError>> ReserveAsync(string memberId, string orderId, IReadOnlyCollection<string> couponIds, long atMs, CancellationToken ct = default);

    /// <summary>The order was paid: its reserved coupons become used.</summary>
    Task CaptureAsync(string orderId, long atMs, CancellationToken ct = default);

    /// <summary>The order was cancelled: its coupons return to available, or expire if their validity ended meanwhile.</summary>
    Task ReleaseAsync(string orderId, long atMs, CancellationToken ct = default);
}

/// <param name="Rules">The rules copied at issue time (what checkout prices).</param>
public sealed record WalletCoupon(string Id, string Code, string TemplateId, string Title, CouponRules Rules, string Status,
    long ValidFrom, long ValidUntil, string? OrderId);
