using Shop.Framework.Data;
using Shop.Coupons.Models;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.Services;

/// <summary>A template as the claim centre shows it to one member.</summary>
/// <param name="Remaining">Coupons left to issue; null when the template has no total.</param>
/// <param name="Reason">Null when the member can claim now; else the error code claiming would give.</param>
public sealed record ClaimableTemplate(PublishedTemplate Published, long? Remaining, long ClaimedByMember, string? Reason)
{
    public bool CanClaim => Reason is null;
}

/// <summary>
/// The claim centre: templates open for claiming now, and whether this member can claim each.
/// The answer is advisory — <c>claimCoupon</c> decides under its guards.
/// </summary>
public sealed class ClaimCentre(CouponTemplates templates, CouponStore store, CouponIssuer issuer, TimeProvider clock)
{
    public async Task<IReadOnlyList<ClaimableTemplate>> OpenAsync(string? memberId, CancellationToken ct = default)
    {
        var now = clock.NowMs();
        var open = (await templates.WithChannelAsync(CouponChannels.Claim))
            .Where(t => CouponIssueRules.Refusal(t.Template, CouponChannels.Claim, now) is null).ToList();
        var ids = open.Select(t => t.Id).ToList();
        var stocks = await store.StocksAsync(ids);
        var claimed = memberId is null ? new Dictionary<string, long>() : await store.MemberCountsAsync(memberId, ids);
        var level = memberId is not null && open.Any(t => t.Template.TierMinimum > 0) ? await issuer.LevelAsync(memberId) : 0;
        var result = new List<ClaimableTemplate>(open.Count);
        foreach (var t in open)
        {
            var remaining = stocks.TryGetValue(t.Id, out var stock) ? stock.Remaining : t.Template.TotalQuantity == 0 ? null : t.Template.TotalQuantity;
            var mine = claimed.GetValueOrDefault(t.Id);
            var reason = memberId is null ? ErrorCodes.Unauthenticated
                : t.Template.PerMemberLimit > 0 && mine >= t.Template.PerMemberLimit ? CouponErrorCodes.LimitReached
                : remaining == 0 ? CouponErrorCodes.OutOfStock
                : (await issuer.EligibilityErrorAsync(t.Template, memberId, ct, level))?.Errors[0].Code;
            result.Add(new ClaimableTemplate(t, remaining, mine, reason));
        }
        return result;
    }

    public Task<CouponIssueResult> ClaimAsync(string? memberId, string templateId, string? idempotencyKey) =>
        memberId is null
            ? Task.FromResult(new CouponIssueResult(null, [new UserError(ErrorCodes.Unauthenticated, "Sign in to claim coupons.")]))
            : issuer.IssueAsync(new CouponIssue(templateId, memberId, CouponChannels.Claim, idempotencyKey ?? ""));
}
