using Microsoft.Extensions.Logging;
using Shop.Coupons.Models;
using Shop.Framework.Events;
using Shop.Members.Events;
using Shop.Tiers.Events;

namespace Shop.Coupons.Services;

/// <summary>
/// Gift channels. Each gift's key names the member and what earned it, so a redelivered event
/// issues nothing twice; a gift the template can no longer give (out of stock, limit reached,
/// outside its validity) is skipped and logged, never retried forever.
/// </summary>
public sealed class CouponGifts(CouponTemplates templates, ICouponIssuer issuer, ILogger<CouponGifts> logger)
{
    public async Task GiveAsync(string channel, string memberId, Func<PublishedTemplate, string?> keyFor, string sourceId)
    {
        foreach (var template in await templates.WithChannelAsync(channel))
        {
            if (keyFor(template) is not { } key) continue;
            var result = await issuer.IssueAsync(new CouponIssue(template.Id, memberId, channel, key, sourceId, "system"));
            if (!result.Succeeded)
                logger.LogInformation("Coupon gift {Template} via {Channel} for member {Member} not issued: {Code}",
                    template.Id, channel, memberId, result.Errors[0].Code);
        }
    }
}

public sealed class RegistrationCouponGift(CouponGifts gifts) : IEventHandler<MemberRegistered>
{
    public Task HandleAsync(MemberRegistered e, EventContext context, CancellationToken cancellationToken) =>
        gifts.GiveAsync(CouponChannels.Registration, e.MemberId, t => $"registration:{t.Id}", e.MemberId);
}

/// <summary>An order paying at least the template's minimum for goods earns one coupon per template.</summary>
public sealed class SpendCouponGift(CouponGifts gifts) : IEventHandler<OrderPaid>
{
    public Task HandleAsync(OrderPaid e, EventContext context, CancellationToken cancellationToken) =>
        gifts.GiveAsync(CouponChannels.Spend, e.Order.MemberId,
            t => e.Order.GoodsFen >= t.Template.SpendGiftMinimumFen ? $"spend:{e.Order.OrderId}:{t.Id}" : null, e.Order.OrderId);
}

/// <summary>
/// An upgrade gives a template's coupon when the member first reaches its level (or, for level 0,
/// each level on first reaching it): the key holds the level, so dropping and climbing back gives nothing twice.
/// </summary>
public sealed class TierUpgradeCouponGift(CouponGifts gifts) : IEventHandler<TierChanged>
{
    public Task HandleAsync(TierChanged e, EventContext context, CancellationToken cancellationToken)
    {
        if (e.ToLevel <= e.FromLevel) return Task.CompletedTask;
        return gifts.GiveAsync(CouponChannels.TierUpgrade, e.MemberId, t =>
        {
            var level = t.Template.TierUpgradeLevel;
            if (level == 0) return $"tierUpgrade:{t.Id}:level-{e.ToLevel}";
            return level > e.FromLevel && level <= e.ToLevel ? $"tierUpgrade:{t.Id}:level-{level}" : null;
        }, $"level-{e.ToLevel}");
    }
}
