using Shop.Framework.GraphQL;
using Shop.Members.Models;

namespace Shop.Members.Services.Orders;

/// <summary>
/// A module that holds something against an order (points, coupons). Called synchronously
/// inside the order intake transaction, so a refusal rolls back the whole call and the
/// commerce system gets a typed error; events are for reactions that cannot refuse.
/// </summary>
public interface IOrderParticipant
{
    /// <summary>Reserve what the order asks for. Errors refuse the order (e.g. INSUFFICIENT_POINTS).</summary>
    Task<IReadOnlyList<UserError>> ReserveAsync(Order order);

    /// <summary>The order was paid: turn the reservations into spends. Must not fail on a reserved order.</summary>
    Task CaptureAsync(Order order);

    /// <summary>The order was cancelled unpaid: give the reservations back.</summary>
    Task ReleaseAsync(Order order);
}
