using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using Shop.Framework.GraphQL;
using Shop.Members.Models;
using Shop.Members.Services.Orders;

namespace Shop.Members.GraphQL;

/// <summary>
/// The orders intake over admin GraphQL, for servers holding an API key. The same calls are
/// accepted as signed webhooks at POST /api/webhooks/orders.
/// </summary>
public sealed class OrderAdminFields : AdminFields
{
    public override void AddQueries(ObjectGraphType query)
    {
        query.Field<OrderType>("order")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .RequirePermission(Permissions.ViewOrders)
            .ResolveAsync(async c => await c.Service<OrderStore>().GetAsync(c.GetArgument<string>("id")));
        query.Field<NonNullGraphType<ConnectionType<OrderType, EdgeType<OrderType>>>>("orders")
            .Description("A member's orders, newest first.")
            .Argument<NonNullGraphType<IdGraphType>>("memberId")
            .Argument<IntGraphType>("first").Argument<StringGraphType>("after")
            .RequirePermission(Permissions.ViewOrders)
            .ResolveAsync(async c =>
            {
                var page = Paging.Request(c);
                var (rows, total) = await c.Service<OrderStore>().ListByMemberAsync(c.GetArgument<string>("memberId"), page);
                return Paging.Connection(page, rows, OrderStore.CursorOf, total);
            });
    }

    public override void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<OrderPayloadType>>("orderPlaced")
            .Description("An order was placed: reserves the points (and coupons) it uses. Idempotent on orderId.")
            .Argument<NonNullGraphType<OrderInputType>>("input")
            .RequirePermission(Permissions.ManageOrders)
            .ResolveAsync(async c => await c.Service<OrderIntakeService>().PlaceAsync(c.GetArgument<OrderInput>("input")));
        mutation.Field<NonNullGraphType<OrderPayloadType>>("orderPaid")
            .Description("An order was paid: captures its reservations and raises OrderPaid. Places it first when orderPlaced never came. Idempotent on orderId.")
            .Argument<NonNullGraphType<OrderInputType>>("input")
            .RequirePermission(Permissions.ManageOrders)
            .ResolveAsync(async c => await c.Service<OrderIntakeService>().PayAsync(c.GetArgument<OrderInput>("input")));
        mutation.Field<NonNullGraphType<OrderPayloadType>>("orderCancelled")
            .Description("A placed order was cancelled before payment: releases its reservations. Idempotent.")
            .Argument<NonNullGraphType<OrderCancelInputType>>("input")
            .RequirePermission(Permissions.ManageOrders)
            .ResolveAsync(async c => await c.Service<OrderIntakeService>().CancelAsync(c.GetArgument<OrderCancelInput>("input")));
        mutation.Field<NonNullGraphType<OrderRefundPayloadType>>("orderRefunded")
            .Description("Part of a paid order was refunded: raises OrderRefunded so each module reverses its share. Idempotent on refundId.")
            .Argument<NonNullGraphType<OrderRefundInputType>>("input")
            .RequirePermission(Permissions.ManageOrders)
            .ResolveAsync(async c => await c.Service<OrderIntakeService>().RefundAsync(c.GetArgument<OrderRefundInput>("input")));
    }
}
