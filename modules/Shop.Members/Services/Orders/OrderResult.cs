using Shop.Framework.GraphQL;
using Shop.Members.Models;

namespace Shop.Members.Services.Orders;

public sealed record OrderResult(Order? Order, OrderRefund? Refund, IReadOnlyList<UserError> Errors)
{
    public static OrderResult Ok(Order order, OrderRefund? refund = null) => new(order, refund, []);
    public static OrderResult Fail(IReadOnlyList<UserError> errors) => new(null, null, errors);
    public static OrderResult Fail(string code, string message, string? field = null) => new(null, null, [new UserError(code, message, field)]);
}

public static class OrderErrorCodes
{
    public const string MemberNotFound = "MEMBER_NOT_FOUND";
    public const string OrderNotFound = "ORDER_NOT_FOUND";
    public const string OrderMismatch = "ORDER_MISMATCH";
    public const string OrderCancelled = "ORDER_CANCELLED";
    public const string OrderAlreadyPaid = "ORDER_ALREADY_PAID";
    public const string OrderNotPaid = "ORDER_NOT_PAID";
    public const string UnknownLine = "UNKNOWN_LINE";
    public const string RefundExceedsLine = "REFUND_EXCEEDS_LINE";
    public const string RefundMismatch = "REFUND_MISMATCH";

    public const string PlacedCodes = "VALIDATION, MEMBER_NOT_FOUND, ORDER_MISMATCH, ORDER_CANCELLED, and the participants' codes (INSUFFICIENT_POINTS, POINTS_STEP ...)";
}
