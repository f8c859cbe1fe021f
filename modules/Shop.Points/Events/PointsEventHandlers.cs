using Shop.Framework.Events;
using Shop.Members.Events;
using Shop.Points.Services;

namespace Shop.Points.Events;

/// <summary>An order was paid: it earns points (idempotent on the order).</summary>
public sealed class EarnOnOrderPaid(OrderEarning earning) : IEventHandler<OrderPaid>
{
    public Task HandleAsync(OrderPaid domainEvent, EventContext context, CancellationToken cancellationToken) =>
        earning.EarnAsync(domainEvent.Order);
}

/// <summary>Part of an order was refunded: its share of earned points is reversed, its share of used points returned (idempotent on the refund).</summary>
public sealed class ReverseOnOrderRefunded(OrderEarning earning) : IEventHandler<OrderRefunded>
{
    public Task HandleAsync(OrderRefunded domainEvent, EventContext context, CancellationToken cancellationToken) =>
        earning.RefundAsync(domainEvent);
}

/// <summary>A member registered: the programme's registration bonus, once.</summary>
public sealed class BonusOnMemberRegistered(PointsLedger ledger, PointsProgramSource programs) : IEventHandler<MemberRegistered>
{
    public async Task HandleAsync(MemberRegistered domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        var (program, versionId) = await programs.CurrentAsync();
        if (program.RegistrationBonus <= 0) return;
        await ledger.GrantAsync(new PointsGrant(domainEvent.MemberId, program.RegistrationBonus, "registration", domainEvent.MemberId,
            "registration", "Welcome bonus", versionId));
    }
}
