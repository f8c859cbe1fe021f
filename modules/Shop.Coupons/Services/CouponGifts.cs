using Microsoft.Extensions.Logging;
using Shop.Coupons.Models;
using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.Events;
using Shop.Members.Events;
using Shop.Members.Services.Orders;
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
/// A refund that leaves an order's paid goods (less everything refunded of it so far) below a spend
/// gift's minimum takes the gift back: voided while still available (or expired), by the guarded
/// update staff voids use, so a replayed or later refund changes nothing again. A gift already
/// reserved or used by another order is left and logged. Issuing the gift is this module's earn:
/// a refund handled before it (the paid handler failed once and awaits its retry) that would take
/// a due gift back fails, so the outbox retries it after the issue, up to OrderRefunded.WaitForEarn.
/// </summary>
public sealed class SpendCouponGiftRefund(CouponStore store, OrderStore orders, CouponTemplates templates, ContentManager content, TimeProvider clock,
    ILogger<SpendCouponGiftRefund> logger) : IEventHandler<OrderRefunded>
{
    public async Task HandleAsync(OrderRefunded e, EventContext context, CancellationToken cancellationToken)
    {
        var (order, refund) = (e.Order, e.Refund);
        // Every refund of the order recorded so far, on every line (the event's PreviouslyRefunded
        // covers only the lines this refund touches).
        var refunds = (await orders.RefundsOfAsync(order.OrderId)).Where(r => r.RefundId != refund.RefundId).Append(refund).SelectMany(r => r.Lines).ToList();
        var left = order.Lines.Sum(l => l.AmountFen - Math.Min(l.AmountFen, refunds.Where(r => r.LineId == l.LineId).Sum(r => r.AmountFen)));
        var gifts = await store.ForSourceAsync(order.MemberId, CouponChannels.Spend, order.OrderId);
        var now = clock.NowMs();
        if (e.MayWaitForEarn(now)
            && (await templates.WithChannelAsync(CouponChannels.Spend)).Any(t => gifts.All(g => g.TemplateId != t.Id)
                && order.GoodsFen >= t.Template.SpendGiftMinimumFen && left < t.Template.SpendGiftMinimumFen))
            throw new OrderNotEarnedYetException(order.OrderId, refund.RefundId, "spend gift");
        foreach (var gift in gifts)
        {
            // The template's minimum as published now (its head if it was archived since).
            var template = (await templates.FindAsync(gift.TemplateId))?.Template
                ?? (await content.GetAsync(CouponTemplates.ContentType, gift.TemplateId, latest: true))?.Shared<CouponTemplate>();
            if (template is null || left >= template.SpendGiftMinimumFen) continue;
            if (await store.VoidAsync(gift.Id, $"Refund {refund.RefundId}: order {order.OrderId} fell below the gift's minimum", "system", now)) continue;
            if (await store.GetAsync(gift.Id) is { Status: CouponStatuses.Reserved or CouponStatuses.Used } held)
                logger.LogInformation("Spend gift {Coupon} of order {Order} not taken back after refund {Refund}: it is already {Status}",
                    held.Id, order.OrderId, refund.RefundId, held.Status);
        }
    }
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
