using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.Models;
using Shop.Framework.Audiences;
using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Time;
using Shop.Tiers.Services;

namespace Shop.Coupons.Services;

/// <summary>
/// Issues coupons for every channel. In one transaction (the caller's, when there is one): the
/// replay check, the member's count (guarded upsert), the template's stock (guarded update) and
/// the coupon row (insert that yields on a duplicate key). A refusal after a counter moved puts
/// the counter back, so a caller that goes on in the same transaction sees nothing changed.
/// </summary>
public sealed class CouponIssuer(CouponStore store, CouponTemplates templates, TierQueries tiers, MerchantCalendar calendar,
    TimeProvider clock, IServiceProvider services) : ICouponIssuer
{
    public const int MaxKeyLength = 160;

    public async Task<CouponIssueResult> IssueAsync(CouponIssue issue, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(issue.IdempotencyKey) || issue.IdempotencyKey.Length > MaxKeyLength)
            return Fail(ErrorCodes.Validation, $"idempotencyKey must be 1 to {MaxKeyLength} characters.", "idempotencyKey");
        if (await store.ByKeyAsync(issue.MemberId, issue.IdempotencyKey) is { } replay) return Replay(replay, issue.TemplateId);

        var now = clock.NowMs();
        var published = await templates.FindAsync(issue.TemplateId);
        if (TemplateRefusal(published, issue.TemplateId, issue.Channel, now) is { } refused) return new CouponIssueResult(null, [refused]);
        var template = published!.Template;
        if (await EligibilityErrorAsync(template, issue.MemberId, ct) is { } notEligible) return notEligible;

        var (from, until) = CouponIssueRules.ValidityFor(template.Validity, now, calendar);
        var coupon = new Coupon
        {
            Id = Ids.New("cpn"),
            Code = CouponCodes.New(),
            TemplateId = published.Id,
            TemplateVersion = published.VersionId,
            MemberId = issue.MemberId,
            Title = template.Title,
            Rules = JsonSerializer.Serialize(template.Rules, ContentJson.Options),
            Channel = issue.Channel,
            SourceId = issue.SourceId,
            Status = CouponStatuses.Available,
            ValidFrom = from,
            ValidUntil = until,
            IssuedAt = now,
            StatusAt = now,
            Actor = issue.Actor,
            IdempotencyKey = issue.IdempotencyKey,
        };
        return await store.Db.InTransactionAsync(() => IssueInTransactionAsync(coupon, template, now), ct);
    }

    public async Task<UserError?> TemplateRefusalAsync(string templateId, string channel, CancellationToken ct = default) =>
        TemplateRefusal(await templates.FindAsync(templateId), templateId, channel, clock.NowMs());

    private static UserError? TemplateRefusal(PublishedTemplate? published, string templateId, string channel, long now) =>
        published is null ? new UserError(ErrorCodes.NotFound, $"No published coupon template '{templateId}'.", "templateId")
        : CouponIssueRules.Refusal(published.Template, channel, now) is { } refusal ? new UserError(refusal.Code, refusal.Message)
        : null;

    private async Task<CouponIssueResult> IssueInTransactionAsync(Coupon coupon, CouponTemplate template, long now)
    {
        if (await store.ByKeyAsync(coupon.MemberId, coupon.IdempotencyKey) is { } replay) return Replay(replay, coupon.TemplateId);
        if (!await store.TakeMemberCountAsync(coupon.TemplateId, coupon.MemberId, template.PerMemberLimit))
            return await ReplayOrAsync(coupon, CouponErrorCodes.LimitReached, $"At most {template.PerMemberLimit} of this coupon per member.");
        if (!await TakeStockAsync(coupon.TemplateId, template, now))
        {
            await store.ReturnMemberCountAsync(coupon.TemplateId, coupon.MemberId);
            return await ReplayOrAsync(coupon, CouponErrorCodes.OutOfStock, "All of this coupon have been claimed.");
        }
        for (var attempt = 0; ; attempt++)
        {
            if (await store.TryInsertAsync(coupon)) return Ok(coupon);
            // The key lost to a concurrent call (it committed while we waited on the index) or, in
            // one of 2^60, the code collided: replay the first, or draw another code.
            if (await store.ByKeyAsync(coupon.MemberId, coupon.IdempotencyKey) is { } first)
            {
                await store.ReturnStockAsync(coupon.TemplateId, now);
                await store.ReturnMemberCountAsync(coupon.TemplateId, coupon.MemberId);
                return Replay(first, coupon.TemplateId);
            }
            if (attempt == 3) throw new InvalidOperationException("Could not draw a unique coupon code.");
            coupon.Code = CouponCodes.New();
        }
    }

    /// <summary>Takes one of the total; a template published before this module ran gets its stock row on first issue.</summary>
    private async Task<bool> TakeStockAsync(string templateId, CouponTemplate template, long now)
    {
        if (await store.TakeStockAsync(templateId, now)) return true;
        if (await store.StockAsync(templateId) is not null) return false;
        await store.TrySetTotalAsync(templateId, template.TotalQuantity, now);
        return await store.TakeStockAsync(templateId, now);
    }

    /// <summary>A guard refused; a concurrent call with the same key may have been the one that took the last unit.</summary>
    private async Task<CouponIssueResult> ReplayOrAsync(Coupon coupon, string code, string message) =>
        await store.ByKeyAsync(coupon.MemberId, coupon.IdempotencyKey) is { } first ? Replay(first, coupon.TemplateId) : Fail(code, message);

    /// <summary>
    /// Tier minimum and audience, checked before any counter moves. <paramref name="level"/> is the
    /// member's level when the caller already read it (the claim centre asks about every open
    /// template for one member); otherwise it is read now, never remembered: a request can change it.
    /// </summary>
    public async Task<CouponIssueResult?> EligibilityErrorAsync(CouponTemplate template, string memberId, CancellationToken ct, int? level = null)
    {
        if (template.TierMinimum > 0 && (level ?? await LevelAsync(memberId)) < template.TierMinimum)
            return Fail(CouponErrorCodes.NotEligible, $"This coupon is for members of level {template.TierMinimum} and above.");
        if (!string.IsNullOrEmpty(template.AudienceId))
        {
            var gate = services.GetService<IAudienceGate>();
            if (gate is null || !await gate.ContainsAsync(template.AudienceId, memberId, ct))
                return Fail(CouponErrorCodes.NotEligible, "This coupon is for selected members only.");
        }
        return null;
    }

    public async Task<int> LevelAsync(string memberId) => (await tiers.ViewAsync(memberId)).Level;

    /// <summary>
    /// The coupon first issued with the key; the key may not be reused for another template, or a
    /// claim of one template would answer with a coupon of another as if it had been issued.
    /// </summary>
    private static CouponIssueResult Replay(Coupon first, string templateId) =>
        first.TemplateId == templateId
            ? Ok(first)
            : Fail(ErrorCodes.Validation, "This idempotency key was already used for another coupon.", "idempotencyKey");

    private static CouponIssueResult Ok(Coupon c) => new(new IssuedCoupon(c.Id, c.Code, c.TemplateId, c.MemberId, c.ValidFrom, c.ValidUntil), []);

    private static CouponIssueResult Fail(string code, string message, string? field = null) => new(null, [new UserError(code, message, field)]);
}
