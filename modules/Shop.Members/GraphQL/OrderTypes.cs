using GraphQL.Types;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Members.Models;
using Shop.Members.Services.Orders;

namespace Shop.Members.GraphQL;

public sealed class OrderType : ObjectGraphType<Order>
{
    public OrderType()
    {
        Name = "Order";
        Description = "An order as the commerce system reported it. Amounts are cash in fen after every discount.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The commerce system's order id.").Resolve(c => c.Source.OrderId);
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(c => c.Source.MemberId);
        Field<NonNullGraphType<StringGraphType>>("status").Description("placed, paid or cancelled.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderLineType>>>>("lines").Resolve(c => c.Source.Lines);
        Field<NonNullGraphType<LongGraphType>>("goodsFen").Resolve(c => c.Source.GoodsFen);
        Field<NonNullGraphType<LongGraphType>>("shippingFeeFen").Resolve(c => c.Source.ShippingFeeFen);
        Field<NonNullGraphType<LongGraphType>>("pointsUsed").Resolve(c => c.Source.PointsUsed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("couponIds").Resolve(c => c.Source.CouponIds);
        Field<StringGraphType>("referrerCode").Resolve(c => c.Source.ReferrerCode);
        Field<StringGraphType>("groupBuySlotId").Resolve(c => c.Source.GroupBuySlotId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("placedAt").Resolve(c => Instant.FromUnixMs(c.Source.PlacedAt));
        Field<DateTimeOffsetGraphType>("paidAt").Resolve(c => Instant.FromUnixMs(c.Source.PaidAt));
        Field<DateTimeOffsetGraphType>("cancelledAt").Resolve(c => Instant.FromUnixMs(c.Source.CancelledAt));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderRefundType>>>>("refunds")
            .Description("Oldest first. Batched across a page of orders.")
            .Resolve(c => c.Service<DataLoaders>()
                .Get<string, IReadOnlyList<OrderRefund>>("order-refunds", async (ids, _) => await c.Service<OrderStore>().RefundsOfAsync(ids))
                .Load(c.Source.OrderId)
                .Then(list => list ?? []));
    }
}

public sealed class OrderLineType : ObjectGraphType<OrderLine>
{
    public OrderLineType()
    {
        Name = "OrderLine";
        Field<NonNullGraphType<StringGraphType>>("lineId").Resolve(c => c.Source.LineId);
        Field<NonNullGraphType<StringGraphType>>("sku").Resolve(c => c.Source.Sku);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("categoryIds").Resolve(c => c.Source.CategoryIds);
        Field<NonNullGraphType<IntGraphType>>("quantity").Resolve(c => c.Source.Quantity);
        Field<NonNullGraphType<LongGraphType>>("amountFen").Resolve(c => c.Source.AmountFen);
        Field<LongGraphType>("pointsDeductionFen").Description("What points paid of the line, as the commerce system sent it; null when it did not.")
            .Resolve(c => c.Source.PointsDeductionFen);
    }
}

public sealed class OrderRefundType : ObjectGraphType<OrderRefund>
{
    public OrderRefundType()
    {
        Name = "OrderRefund";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.RefundId);
        Field<NonNullGraphType<IdGraphType>>("orderId").Resolve(c => c.Source.OrderId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RefundLineType>>>>("lines").Resolve(c => c.Source.Lines);
        Field<NonNullGraphType<LongGraphType>>("amountFen").Resolve(c => c.Source.Lines.Sum(l => l.AmountFen));
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("refundedAt").Resolve(c => Instant.FromUnixMs(c.Source.RefundedAt));
    }
}

public sealed class RefundLineType : ObjectGraphType<RefundLine>
{
    public RefundLineType()
    {
        Name = "RefundLine";
        Field<NonNullGraphType<StringGraphType>>("lineId").Resolve(c => c.Source.LineId);
        Field<NonNullGraphType<IntGraphType>>("quantity").Resolve(c => c.Source.Quantity);
        Field<NonNullGraphType<LongGraphType>>("amountFen").Resolve(c => c.Source.AmountFen);
    }
}

public sealed class OrderPayloadType : ObjectGraphType<OrderResult>
{
    public OrderPayloadType()
    {
        Name = "OrderPayload";
        Description = "Codes: " + OrderErrorCodes.PlacedCodes + ", ORDER_NOT_FOUND, ORDER_ALREADY_PAID.";
        Field<OrderType>("order").Resolve(c => c.Source.Order);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class OrderRefundPayloadType : ObjectGraphType<OrderResult>
{
    public OrderRefundPayloadType()
    {
        Name = "OrderRefundPayload";
        Description = "Codes: VALIDATION, ORDER_NOT_FOUND, ORDER_NOT_PAID, UNKNOWN_LINE, REFUND_EXCEEDS_LINE, REFUND_MISMATCH.";
        Field<OrderRefundType>("refund").Resolve(c => c.Source.Refund);
        Field<OrderType>("order").Resolve(c => c.Source.Order);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class OrderInputType : InputObjectGraphType<OrderInput>
{
    public OrderInputType()
    {
        Name = "OrderInput";
        Description = "An order from the commerce system. Line amounts are the cash paid per line after every discount, points deduction included; " +
            "each line may also say what points paid of it (pointsDeductionFen).";
        Field<NonNullGraphType<StringGraphType>>("orderId");
        Field<NonNullGraphType<StringGraphType>>("memberId");
        Field<DateTimeOffsetGraphType>("placedAt").Description("Defaults to now.");
        Field<DateTimeOffsetGraphType>("paidAt").Description("orderPaid: when the payment succeeded; defaults to now.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderLineInputType>>>>("lines");
        Field<LongGraphType>("shippingFeeFen").DefaultValue(0L);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("couponIds");
        Field<LongGraphType>("pointsUsed").Description("Points the member pays with; reserved at placement, spent at payment.").DefaultValue(0L);
        Field<StringGraphType>("referrerCode");
        Field<StringGraphType>("groupBuySlotId");
    }
}

public sealed class OrderLineInputType : InputObjectGraphType<OrderLineInput>
{
    public OrderLineInputType()
    {
        Name = "OrderLineInput";
        Field<NonNullGraphType<StringGraphType>>("lineId");
        Field<NonNullGraphType<StringGraphType>>("sku");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("categoryIds");
        Field<NonNullGraphType<IntGraphType>>("quantity");
        Field<NonNullGraphType<LongGraphType>>("amountFen").Description("Cash paid for the line after every discount, points deduction included (the quote line's payFen).");
        Field<LongGraphType>("pointsDeductionFen")
            .Description("What points paid of the line, in fen: the quote line's pointsDeductionFen. Send it on every line or on none; " +
                "together they must equal what pointsUsed pays. Refunds of a line return the points that paid for it; without it the " +
                "order's points are split by amountFen (evenly when every line is 0).");
    }
}

public sealed class OrderCancelInputType : InputObjectGraphType<OrderCancelInput>
{
    public OrderCancelInputType()
    {
        Name = "OrderCancelInput";
        Field<NonNullGraphType<StringGraphType>>("orderId");
        Field<DateTimeOffsetGraphType>("cancelledAt");
    }
}

public sealed class OrderRefundInputType : InputObjectGraphType<OrderRefundInput>
{
    public OrderRefundInputType()
    {
        Name = "OrderRefundInput";
        Field<NonNullGraphType<StringGraphType>>("orderId");
        Field<NonNullGraphType<StringGraphType>>("refundId");
        Field<DateTimeOffsetGraphType>("refundedAt");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RefundLineInputType>>>>("lines");
    }
}

public sealed class RefundLineInputType : InputObjectGraphType<RefundLineInput>
{
    public RefundLineInputType()
    {
        Name = "RefundLineInput";
        Field<NonNullGraphType<StringGraphType>>("lineId");
        Field<IntGraphType>("quantity").Description("Units returned; 0 for a price adjustment.").DefaultValue(0);
        Field<NonNullGraphType<LongGraphType>>("amountFen").Description("Cash refunded for the line.");
    }
}
