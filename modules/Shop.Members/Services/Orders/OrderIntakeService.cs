using FluentValidation;
using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.Events;
using Shop.Framework.GraphQL;
using Shop.Members.Events;
using Shop.Members.Indexing;
using Shop.Members.Models;

namespace Shop.Members.Services.Orders;

/// <summary>
/// What the commerce system tells us happened to an order. Every call is idempotent on the
/// commerce system's ids (order id, refund id): a repeat returns the recorded state and
/// changes nothing. Reservations are taken by the <see cref="IOrderParticipant"/>s inside the
/// same transaction; reactions (points earned, growth) follow from outbox events.
///
/// Out-of-order calls have one defined answer each: <c>orderPaid</c> for an order never placed
/// places and pays it in one step; a cancel or refund for an unknown order is
/// <c>ORDER_NOT_FOUND</c> (the sender retries once the order is known); a cancel after payment
/// is <c>ORDER_ALREADY_PAID</c> (refund it instead); a refund before payment is <c>ORDER_NOT_PAID</c>.
/// </summary>
public sealed class OrderIntakeService(
    DbSession db,
    OrderStore orders,
    MemberService members,
    IEnumerable<IOrderParticipant> participants,
    MemberDocumentQueue documents,
    Outbox outbox,
    IValidator<OrderInput> orderValidator,
    IValidator<OrderRefundInput> refundValidator,
    IValidator<OrderCancelInput> cancelValidator,
    TimeProvider clock)
{
    private readonly IReadOnlyList<IOrderParticipant> _participants = participants.ToList();

    public async Task<OrderResult> PlaceAsync(OrderInput input)
    {
        var invalid = await ValidateAsync(orderValidator, input);
        if (invalid.Count > 0) return OrderResult.Fail(invalid);
        return await RefusableAsync(async () =>
        {
            var (order, errors) = await PlaceInTransactionAsync(input, paidAt: null);
            return errors.Count > 0 ? OrderResult.Fail(errors) : OrderResult.Ok(order!);
        });
    }

    public async Task<OrderResult> PayAsync(OrderInput input)
    {
        var invalid = await ValidateAsync(orderValidator, input);
        if (invalid.Count > 0) return OrderResult.Fail(invalid);
        return await RefusableAsync(async () =>
        {
            var paidAt = (input.PaidAt ?? clock.GetUtcNow()).ToUnixMs();
            var (order, errors) = await PlaceInTransactionAsync(input, paidAt);
            if (errors.Count > 0) return OrderResult.Fail(errors);
            if (order!.Status == OrderStatuses.Paid) return OrderResult.Ok(order);
            if (order.Status == OrderStatuses.Cancelled)
                return OrderResult.Fail(OrderErrorCodes.OrderCancelled, "The order was cancelled; it cannot be paid.", "orderId");

            if (!await orders.TryTransitionAsync(order.OrderId, OrderStatuses.Paid, paidAt))
                return await AnswerForCurrentStateAsync(order.OrderId, OrderStatuses.Paid);
            var paid = order with { Status = OrderStatuses.Paid, PaidAt = paidAt };
            foreach (var participant in _participants) await participant.CaptureAsync(paid);
            await orders.OpenRefundLinesAsync(paid);
            await documents.EnqueueAsync(paid.MemberId);
            await outbox.PublishAsync(new OrderPaid(paid));
            return OrderResult.Ok(paid);
        });
    }

    public async Task<OrderResult> CancelAsync(OrderCancelInput input)
    {
        var invalid = await ValidateAsync(cancelValidator, input);
        if (invalid.Count > 0) return OrderResult.Fail(invalid);
        return await db.InTransactionAsync(async () =>
        {
            var order = await orders.GetAsync(Id(input.OrderId));
            if (order is null) return OrderNotFound();
            var at = (input.CancelledAt ?? clock.GetUtcNow()).ToUnixMs();
            if (!await orders.TryTransitionAsync(order.OrderId, OrderStatuses.Cancelled, at))
                return await AnswerForCurrentStateAsync(order.OrderId, OrderStatuses.Cancelled);
            var cancelled = order with { Status = OrderStatuses.Cancelled, CancelledAt = at };
            foreach (var participant in _participants) await participant.ReleaseAsync(cancelled);
            await outbox.PublishAsync(new OrderCancelled(cancelled));
            return OrderResult.Ok(cancelled);
        });
    }

    public async Task<OrderResult> RefundAsync(OrderRefundInput input)
    {
        var invalid = await ValidateAsync(refundValidator, input);
        if (invalid.Count > 0) return OrderResult.Fail(invalid);
        return await RefusableAsync(async () =>
        {
            var order = await orders.GetAsync(Id(input.OrderId));
            if (order is null) return OrderNotFound();
            // The previous release stored refund ids as sent: a retry of such a refund must replay
            // it, not record it again under the trimmed id and reverse its points a second time.
            if (input.RefundId != Id(input.RefundId) && await orders.GetRefundAsync(input.RefundId) is { } untrimmed && untrimmed.OrderId == order.OrderId)
                return OrderResult.Ok(order, untrimmed);
            var refund = new OrderRefund
            {
                RefundId = Id(input.RefundId),
                OrderId = order.OrderId,
                MemberId = order.MemberId,
                Lines = input.Lines.Select(l => new RefundLine(l.LineId, l.Quantity, l.AmountFen)).ToList(),
                RefundedAt = (input.RefundedAt ?? clock.GetUtcNow()).ToUnixMs(),
            };
            if (!await orders.TryInsertRefundAsync(refund))
            {
                var recorded = (await orders.GetRefundAsync(refund.RefundId))!;
                return recorded.OrderId == order.OrderId
                    ? OrderResult.Ok(order, recorded)
                    : OrderResult.Fail(OrderErrorCodes.RefundMismatch, $"Refund '{refund.RefundId}' belongs to another order.", "refundId");
            }
            if (order.Status != OrderStatuses.Paid)
                throw new Refused([new UserError(OrderErrorCodes.OrderNotPaid, "Only a paid order can be refunded.", "orderId")]);

            var previously = new Dictionary<string, long>();
            var previousQuantities = new Dictionary<string, int>();
            for (var i = 0; i < refund.Lines.Count; i++)
            {
                var line = refund.Lines[i];
                if (order.Lines.All(l => l.LineId != line.LineId))
                    throw new Refused([new UserError(OrderErrorCodes.UnknownLine, $"The order has no line '{line.LineId}'.", $"lines[{i}].lineId")]);
                var before = await orders.TryRefundLineAsync(order.OrderId, line);
                if (before is null)
                    throw new Refused([new UserError(OrderErrorCodes.RefundExceedsLine,
                        "Together with earlier refunds this exceeds the amount or quantity paid for the line.", $"lines[{i}].amountFen")]);
                previously[line.LineId] = before.Value.Fen;
                previousQuantities[line.LineId] = before.Value.Quantity;
            }
            await documents.EnqueueAsync(order.MemberId);
            await outbox.PublishAsync(new OrderRefunded(order, refund, previously) { PreviouslyRefundedQuantity = previousQuantities });
            return OrderResult.Ok(order, refund);
        });
    }

    /// <summary>
    /// The placing half shared by orderPlaced and orderPaid: a new order is inserted and its
    /// reservations taken; a known one must be the same order (member, lines, points) and is
    /// returned as recorded. Placed as part of orderPaid, participants see the order with its
    /// <paramref name="paidAt"/>: what it used is judged as of the payment, so a report arriving after
    /// a coupon's last day still records an order the member paid while the coupon was valid.
    /// </summary>
    private async Task<(Order? Order, IReadOnlyList<UserError> Errors)> PlaceInTransactionAsync(OrderInput input, long? paidAt)
    {
        var order = new Order
        {
            OrderId = Id(input.OrderId),
            MemberId = Id(input.MemberId),
            Status = OrderStatuses.Placed,
            Lines = input.Lines.Select(l => new OrderLine(l.LineId, l.Sku, l.CategoryIds ?? [], l.Quantity, l.AmountFen) { PointsDeductionFen = l.PointsDeductionFen }).ToList(),
            ShippingFeeFen = input.ShippingFeeFen,
            PointsUsed = input.PointsUsed,
            CouponIds = input.CouponIds ?? [],
            ReferrerCode = string.IsNullOrWhiteSpace(input.ReferrerCode) ? null : input.ReferrerCode.Trim(),
            GroupBuySlotId = string.IsNullOrWhiteSpace(input.GroupBuySlotId) ? null : input.GroupBuySlotId.Trim(),
            PlacedAt = (input.PlacedAt ?? input.PaidAt ?? clock.GetUtcNow()).ToUnixMs(),
        };
        if (!await orders.TryInsertAsync(order))
        {
            var recorded = (await orders.GetAsync(order.OrderId))!;
            var mismatch = Mismatch(recorded, order);
            return mismatch is null ? (recorded, []) : (null, [mismatch]);
        }
        if (await members.GetAsync(order.MemberId) is null)
            throw new Refused([new UserError(OrderErrorCodes.MemberNotFound, $"No member '{order.MemberId}'.", "memberId")]);
        foreach (var participant in _participants)
        {
            var refused = await participant.ReserveAsync(paidAt is null ? order : order with { PaidAt = paidAt });
            if (refused.Count > 0) throw new Refused(refused);
        }
        return (order, []);
    }

    private static UserError? Mismatch(Order recorded, Order sent)
    {
        string? field = recorded.MemberId != sent.MemberId ? "memberId"
            : recorded.PointsUsed != sent.PointsUsed ? "pointsUsed"
            : !recorded.CouponIds.SequenceEqual(sent.CouponIds) ? "couponIds"
            : !recorded.Lines.Select(Key).SequenceEqual(sent.Lines.Select(Key)) ? "lines"
            : null;
        return field is null ? null
            : new UserError(OrderErrorCodes.OrderMismatch, $"Order '{sent.OrderId}' was recorded with a different {field}; an order id names one order.", field);

        static string Key(OrderLine l) => $"{l.LineId}|{l.Sku}|{l.Quantity}|{l.AmountFen}|{l.PointsDeductionFen}|{string.Join(',', l.CategoryIds)}";
    }

    /// <summary>A concurrent call moved the order first: a repeat of the same move is a replay, anything else a conflict.</summary>
    private async Task<OrderResult> AnswerForCurrentStateAsync(string orderId, string wanted)
    {
        var current = (await orders.GetAsync(orderId))!;
        if (current.Status == wanted) return OrderResult.Ok(current);
        return current.Status == OrderStatuses.Paid
            ? OrderResult.Fail(OrderErrorCodes.OrderAlreadyPaid, "The order is paid; refund it instead of cancelling.", "orderId")
            : OrderResult.Fail(OrderErrorCodes.OrderCancelled, "The order was cancelled; it cannot be paid.", "orderId");
    }

    /// <summary>Runs <paramref name="work"/> in a transaction that a <see cref="Refused"/> rolls back whole.</summary>
    private async Task<OrderResult> RefusableAsync(Func<Task<OrderResult>> work)
    {
        try
        {
            return await db.InTransactionAsync(work);
        }
        catch (Refused refused)
        {
            return OrderResult.Fail(refused.Errors);
        }
    }

    /// <summary>
    /// The commerce system's ids as they are recorded and looked up. Every call goes through here,
    /// so an id sent with stray spaces names the same order (or refund) in all four calls.
    /// </summary>
    private static string Id(string id) => id.Trim();

    private static OrderResult OrderNotFound() =>
        OrderResult.Fail(OrderErrorCodes.OrderNotFound, "No such order; send orderPlaced or orderPaid first.", "orderId");

    private static async Task<IReadOnlyList<UserError>> ValidateAsync<T>(IValidator<T> validator, T input)
    {
        var result = await validator.ValidateAsync(input);
        return result.Errors.Select(e => new UserError(ErrorCodes.Validation, e.ErrorMessage, ContentManager.FieldPath(e.PropertyName))).ToList();
    }

    private sealed class Refused(IReadOnlyList<UserError> errors) : Exception("Order call refused")
    {
        public IReadOnlyList<UserError> Errors { get; } = errors;
    }
}
