using Shop.Framework.Events;
using Shop.Members.Models;

namespace Shop.Members.Events;

/// <summary>
/// An order was paid. Raised once per order, after the reservations were captured; handlers
/// earn points, add growth value, freeze commissions, fill group-buy teams.
/// </summary>
[DomainEvent("order.paid")]
public sealed record OrderPaid(Order Order);

/// <summary>
/// Part or all of a paid order was refunded. Raised once per refund id; handlers reverse
/// their share. <see cref="Order"/> is the order as paid; <see cref="PreviouslyRefunded"/>
/// holds the cash refunded per line by earlier refunds, so shares can be computed cumulatively
/// and a full refund reverses exactly what the order produced.
/// </summary>
[DomainEvent("order.refunded")]
public sealed record OrderRefunded(Order Order, OrderRefund Refund, IReadOnlyDictionary<string, long> PreviouslyRefunded)
{
    /// <summary>
    /// The quantity refunded per line by earlier refunds, for lines with no cash to measure a share
    /// by. Not positional, so handlers that deconstruct the event keep compiling; null in messages
    /// written before it existed.
    /// </summary>
    public IReadOnlyDictionary<string, int>? PreviouslyRefundedQuantity { get; init; }

    /// <summary>
    /// How long a refund handler waits (by failing, so the outbox retries it) for what the order's
    /// payment should have earned: a handler of OrderPaid that failed once is retried within the
    /// hour. Beyond this the refund goes ahead with what is there, so an order paid before a module
    /// was enabled, or an earn that will never come, does not hold its refunds forever.
    /// </summary>
    public static readonly TimeSpan WaitForEarn = TimeSpan.FromDays(7);

    /// <summary>Whether the order was paid recently enough that its refund should still wait for the earn.</summary>
    public bool MayWaitForEarn(long nowMs) => Order.PaidAt is not { } paidAt || nowMs - paidAt < (long)WaitForEarn.TotalMilliseconds;
}

/// <summary>
/// A refund handled before what its order's payment earns (points, growth) was recorded. Its
/// handler throws this so the outbox retries the refund after the earn (see <see cref="OrderRefunded.WaitForEarn"/>).
/// </summary>
public sealed class OrderNotEarnedYetException(string orderId, string refundId, string earnings)
    : Exception($"Refund {refundId} of order {orderId} waits for the order's {earnings} to be earned first; it will be retried.");

/// <summary>A placed order was cancelled before payment; its reservations were released.</summary>
[DomainEvent("order.cancelled")]
public sealed record OrderCancelled(Order Order);

/// <summary>A member was created (first sign-in or by staff). Registration bonuses hang off this.</summary>
[DomainEvent("member.registered")]
public sealed record MemberRegistered(string MemberId, string Channel, long RegisteredAt);
