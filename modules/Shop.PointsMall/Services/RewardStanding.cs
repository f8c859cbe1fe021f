using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Time;
using Shop.Points.Services;

namespace Shop.PointsMall.Services;

/// <summary>Whether the signed-in member could redeem one unit now, and the error code if not.</summary>
public sealed record Standing(bool CanRedeem, string? Reason)
{
    public static readonly Standing Anonymous = new(false, ErrorCodes.Unauthenticated);
}

/// <summary>
/// canRedeem/reason for a page of rewards, batched: one read of the member's level, balance and
/// counts for the whole page. A preview only: the redemption decides with guarded updates.
/// </summary>
public sealed class RewardStanding(MemberFacts members, MemberCountStore counts, IPointsLedger points, MerchantCalendar calendar, TimeProvider clock)
{
    public async Task<IReadOnlyDictionary<RewardView, Standing>> ForAsync(string? memberId, IReadOnlyCollection<RewardView> views, CancellationToken ct = default)
    {
        if (memberId is null) return views.Distinct().ToDictionary(v => v, _ => Standing.Anonymous);
        var now = clock.NowMs();
        var today = RewardRules.CountingDay(calendar, now);
        var level = views.Any(v => v.Model.MinTierLevel > 0) ? await members.LevelAsync(memberId) : 0;
        var balance = (await points.GetBalanceAsync(memberId)).Balance;
        var usage = await counts.UsageAsync(memberId, views.Select(v => v.Id).Distinct().ToArray(), today);
        var result = new Dictionary<RewardView, Standing>();
        foreach (var view in views.Distinct())
        {
            var used = usage.GetValueOrDefault(view.Id) ?? new MemberUsage(0, 0);
            var situation = new RedeemSituation(now, level, await members.InAudienceAsync(view.Model, memberId, ct), view.Stock.StockLeft, used.Life, used.Today, balance);
            var reason = RewardRules.Refusal(view.Model, situation);
            result[view] = new Standing(reason is null, reason);
        }
        return result;
    }
}
