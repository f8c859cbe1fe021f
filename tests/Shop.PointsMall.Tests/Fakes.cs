using System.Collections.Concurrent;
using Shop.Coupons.Services;
using Shop.Framework.Audiences;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Search;

namespace Shop.PointsMall.Tests;

/// <summary>
/// Stands in for the coupons module's issuer, which is built on another branch: idempotent on
/// the key like the real one; the template <see cref="SoldOut"/> refuses with OUT_OF_STOCK and
/// <see cref="Withdrawn"/> with NOT_FOUND.
/// </summary>
public sealed class FakeCouponIssuer : ICouponIssuer
{
    public const string Template = "tpl-mall-10";
    public const string SoldOut = "tpl-sold-out";
    public const string Withdrawn = "tpl-withdrawn";

    private readonly ConcurrentDictionary<string, (CouponIssue Issue, IssuedCoupon Coupon)> _issued = new();

    public IReadOnlyCollection<(CouponIssue Issue, IssuedCoupon Coupon)> Issued => _issued.Values.ToList();

    public Task<CouponIssueResult> IssueAsync(CouponIssue issue, CancellationToken ct = default)
    {
        if (issue.TemplateId == SoldOut) return Task.FromResult(new CouponIssueResult(null, [new UserError("OUT_OF_STOCK", "No coupons left.")]));
        if (issue.TemplateId == Withdrawn) return Task.FromResult(new CouponIssueResult(null, [new UserError(ErrorCodes.NotFound, "No such template.")]));
        var entry = _issued.GetOrAdd($"{issue.MemberId}/{issue.IdempotencyKey}", _ =>
            (issue, new IssuedCoupon(Ids.New("cpn"), "C" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), issue.TemplateId, issue.MemberId, 0, long.MaxValue)));
        return Task.FromResult(new CouponIssueResult(entry.Coupon, []));
    }

    public Task<UserError?> TemplateRefusalAsync(string templateId, string channel, CancellationToken ct = default) =>
        Task.FromResult(templateId == Withdrawn ? new UserError(ErrorCodes.NotFound, "No such template.") : null);
}

/// <summary>An audiences module stand-in: one audience with the members a test puts in it.</summary>
public sealed class FakeAudienceGate : IAudienceGate
{
    public const string Audience = "aud-vip";

    public ConcurrentDictionary<string, bool> Members { get; } = new();

    /// <summary>When set, every question fails as the real gate does when the search index is down.</summary>
    public bool IndexDown { get; set; }

    public Task<bool> ContainsAsync(string audienceId, string memberId, CancellationToken ct = default) =>
        IndexDown
            ? throw new SearchUnavailableException("The members index is unreachable (test).")
            : Task.FromResult(audienceId == Audience && Members.ContainsKey(memberId));
}
