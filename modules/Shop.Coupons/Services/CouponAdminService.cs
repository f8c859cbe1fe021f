using Shop.Framework.Data;
using Shop.Coupons.Models;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.Services;

/// <param name="Issued">Coupons issued by this call or, on a replay, by the first call.</param>
/// <param name="Failed">Members not given one, with the reason (LIMIT_REACHED, OUT_OF_STOCK, NOT_ELIGIBLE, NOT_FOUND).</param>
public sealed record CouponPushResult(IReadOnlyList<IssuedCoupon> Issued, IReadOnlyList<CouponPushFailure> Failed, IReadOnlyList<UserError> Errors);

public sealed record CouponPushFailure(string MemberId, string Code, string Message);

public sealed record CouponVoidResult(Coupon? Coupon, IReadOnlyList<UserError> Errors);

/// <summary>What staff do with coupons: push a template to listed members, void a coupon.</summary>
public sealed class CouponAdminService(ICouponIssuer issuer, CouponStore store, Shop.Members.Services.MemberService members, TimeProvider clock)
{
    public const int MaxPushMembers = 1000;

    /// <summary>
    /// Issues one coupon to each listed member, each in its own transaction so one refusal does not
    /// stop the rest. The key is per push: repeating the call gives nobody a second coupon.
    /// </summary>
    public async Task<CouponPushResult> PushAsync(string templateId, IReadOnlyList<string> memberIds, string idempotencyKey, string actor)
    {
        var ids = memberIds.Where(m => !string.IsNullOrWhiteSpace(m)).Distinct().ToList();
        if (ids.Count == 0 || ids.Count > MaxPushMembers)
            return new CouponPushResult([], [], [new UserError(ErrorCodes.Validation, $"List 1 to {MaxPushMembers} members.", "memberIds")]);
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 100)
            return new CouponPushResult([], [], [new UserError(ErrorCodes.Validation, "idempotencyKey must be 1 to 100 characters.", "idempotencyKey")]);
        var issued = new List<IssuedCoupon>();
        var failed = new List<CouponPushFailure>();
        var known = await members.GetManyAsync(ids);
        // Pushes keyed before the template was part of the key replay under their old key.
        var legacyKey = $"push:{idempotencyKey}";
        var legacy = await store.MembersWithKeyAsync(templateId, legacyKey, ids);
        foreach (var memberId in ids)
        {
            if (!known.ContainsKey(memberId))
            {
                failed.Add(new CouponPushFailure(memberId, ErrorCodes.NotFound, "No such member."));
                continue;
            }
            // The template is in the key: staff reusing a push key for another template push that
            // template, rather than replaying the coupon of the first.
            var key = legacy.Contains(memberId) ? legacyKey : $"push:{templateId}:{idempotencyKey}";
            var result = await issuer.IssueAsync(new CouponIssue(templateId, memberId, CouponChannels.Push, key, idempotencyKey, actor));
            if (result.Succeeded) issued.Add(result.Coupon!);
            else if (result.Errors[0].Code is ErrorCodes.NotFound && result.Errors[0].Field == "templateId" || result.Errors[0].Code == CouponErrorCodes.NotAvailable)
                return new CouponPushResult(issued, failed, result.Errors);
            else failed.Add(new CouponPushFailure(memberId, result.Errors[0].Code, result.Errors[0].Message));
        }
        return new CouponPushResult(issued, failed, []);
    }

    /// <summary>Voids an available (or expired) coupon; it stays on record. Voiding twice is a no-op.</summary>
    public async Task<CouponVoidResult> VoidAsync(string couponId, string? reason, string actor)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 200)
            return new CouponVoidResult(null, [new UserError(ErrorCodes.Validation, "Give a reason of at most 200 characters.", "reason")]);
        var coupon = await store.GetAsync(couponId);
        if (coupon is null) return new CouponVoidResult(null, [new UserError(ErrorCodes.NotFound, $"No coupon '{couponId}'.", "couponId")]);
        if (coupon.Status == CouponStatuses.Voided || await store.VoidAsync(couponId, reason, actor, clock.NowMs()))
            return new CouponVoidResult(await store.GetAsync(couponId), []);
        var now = await store.GetAsync(couponId);
        return now!.Status == CouponStatuses.Voided
            ? new CouponVoidResult(now, [])
            : new CouponVoidResult(now, [new UserError(ErrorCodes.Conflict, $"A {now.Status} coupon belongs to an order and cannot be voided.", "couponId")]);
    }
}
