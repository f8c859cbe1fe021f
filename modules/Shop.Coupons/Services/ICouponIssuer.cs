using Shop.Coupons.Models;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.Services;

/// <summary>
/// Issues coupons from a template, for every channel: the claim centre, gifts (registration,
/// spend, tier upgrade), merchant pushes, audiences and the points mall. Joins the caller's
/// unit of work (a mall redemption that spends points and issues a coupon commits as one) and
/// is idempotent on the key: a replay returns the coupon first issued and changes nothing.
/// The template's total quantity and per-member limit hold under concurrency (guarded updates).
/// </summary>
public interface ICouponIssuer
{
    /// <summary>
    /// Errors: <c>NOT_FOUND</c> (no published template), <c>NOT_AVAILABLE</c> (archived, outside
    /// its claim window, or the channel is not one the template allows), <c>OUT_OF_STOCK</c>,
    /// <c>LIMIT_REACHED</c>, <c>NOT_ELIGIBLE</c> (tier minimum, audience).
    /// </summary>
    Task<CouponIssueResult> IssueAsync(CouponIssue issue, CancellationToken ct = default);

    /// <summary>
    /// What <see cref="IssueAsync"/> would answer about the template itself through
    /// <paramref name="channel"/> now, before any member or stock: <c>NOT_FOUND</c> or
    /// <c>NOT_AVAILABLE</c>, or null when it issues. Previews (the mall's canRedeem) ask it.
    /// </summary>
    Task<UserError?> TemplateRefusalAsync(string templateId, string channel, CancellationToken ct = default);
}

/// <param name="Channel">One of <see cref="CouponChannels"/>.</param>
/// <param name="SourceId">What caused it (order id, redemption id, push id...), kept on the coupon.</param>
public sealed record CouponIssue(string TemplateId, string MemberId, string Channel, string IdempotencyKey,
    string? SourceId = null, string? Actor = null);

public sealed record CouponIssueResult(IssuedCoupon? Coupon, IReadOnlyList<UserError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>A coupon as it was issued.</summary>
public sealed record IssuedCoupon(string Id, string Code, string TemplateId, string MemberId, long ValidFrom, long ValidUntil);
