using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.Models;
using Shop.Coupons.Services;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Time;
using Shop.Points.Services;
using Shop.PointsMall.Models;

namespace Shop.PointsMall.Services;

/// <summary>Whether the signed-in member could redeem one unit now, and the error code if not.</summary>
public sealed record Standing(bool CanRedeem, string? Reason)
{
    public static readonly Standing Anonymous = new(false, ErrorCodes.Unauthenticated);
}

/// <summary>
/// canRedeem/reason for a page of rewards, batched: one read of the member's level, balance,
/// counts and the page's free codes for the whole page. A preview only: the redemption decides
/// with guarded updates, but from the same facts, so it answers what the preview said.
/// </summary>
public sealed class RewardStanding(MemberFacts members, MemberCountStore counts, CodePool codes, IPointsLedger points, MerchantCalendar calendar,
    IServiceProvider services, TimeProvider clock)
{
    public async Task<IReadOnlyDictionary<RewardView, Standing>> ForAsync(string? memberId, IReadOnlyCollection<RewardView> views, CancellationToken ct = default)
    {
        if (memberId is null) return views.Distinct().ToDictionary(v => v, _ => Standing.Anonymous);
        var now = clock.NowMs();
        var today = RewardRules.CountingDay(calendar, now);
        var level = views.Any(v => v.Model.MinTierLevel > 0) ? await members.LevelAsync(memberId) : 0;
        var balance = await points.SpendableAsync(memberId);
        var usage = await counts.UsageAsync(memberId, views.Select(v => v.Id).Distinct().ToArray(), today);
        var freeCodes = await codes.AvailableAsync(views.Where(v => v.Model.Kind == RewardKinds.Virtual).Select(v => v.Id).Distinct().ToArray());
        var issuer = services.GetService<ICouponIssuer>();
        // Redeeming a coupon reward whose template is withdrawn or not offered to the mall answers NOT_AVAILABLE; so does the preview.
        var offeredTemplates = new Dictionary<string, bool>();
        if (issuer is not null)
            foreach (var templateId in views.Where(v => v.Model.Kind == RewardKinds.Coupon && v.Model.CouponTemplateId is not null)
                         .Select(v => v.Model.CouponTemplateId!).Distinct())
                offeredTemplates[templateId] = await issuer.TemplateRefusalAsync(templateId, CouponChannels.Mall, ct) is null;
        var result = new Dictionary<RewardView, Standing>();
        foreach (var view in views.Distinct())
        {
            var used = usage.GetValueOrDefault(view.Id) ?? new MemberUsage(0, 0);
            var unitsLeft = RewardRules.UnitsLeft(view.Model, view.Stock.StockLeft, freeCodes.GetValueOrDefault(view.Id));
            var situation = new RedeemSituation(now, level, await members.InAudienceAsync(view.Model, memberId, ct), unitsLeft, used.Life, used.Today, balance,
                issuer is not null && (view.Model.Kind != RewardKinds.Coupon || offeredTemplates.GetValueOrDefault(view.Model.CouponTemplateId ?? "")));
            var reason = RewardRules.Refusal(view.Model, situation);
            result[view] = new Standing(reason is null, reason);
        }
        return result;
    }
}
