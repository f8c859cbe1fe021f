using Shop.Testing;

namespace Shop.Points.Tests;

/// <summary>The orders intake's admin mutations, as the commerce system calls them.</summary>
public static class OrderApi
{
    private const string Placed = "mutation($i: OrderInput!) { orderPlaced(input: $i) { order { id status } errors { code field } } }";
    private const string Paid = "mutation($i: OrderInput!) { orderPaid(input: $i) { order { id status } errors { code field } } }";
    private const string Cancelled = "mutation($i: OrderCancelInput!) { orderCancelled(input: $i) { order { id status } errors { code } } }";
    private const string Refunded = "mutation($i: OrderRefundInput!) { orderRefunded(input: $i) { refund { id } errors { code field } } }";

    public sealed record Line(string LineId, string Sku, long AmountFen, int Quantity = 1, params string[] CategoryIds);

    public static object Input(string orderId, string memberId, long pointsUsed, Line[] lines, DateTimeOffset? paidAt = null) => new
    {
        orderId, memberId, pointsUsed, paidAt,
        lines = lines.Select(l => new { lineId = l.LineId, sku = l.Sku, categoryIds = l.CategoryIds, quantity = l.Quantity, amountFen = l.AmountFen }),
    };

    public static Task<GraphQLResponse> PlaceAsync(this ShopAppFactory app, object input, HttpClient? client = null) =>
        app.PostAsync("/admin/graphql", Placed, new { i = input }, new("ApiKey", ShopAppFactory.ApiKey), client);

    public static Task<GraphQLResponse> PayAsync(this ShopAppFactory app, object input) => app.AdminAsync(Paid, new { i = input });

    public static Task<GraphQLResponse> CancelAsync(this ShopAppFactory app, string orderId) => app.AdminAsync(Cancelled, new { i = new { orderId } });

    public static Task<GraphQLResponse> RefundAsync(this ShopAppFactory app, string orderId, string refundId, params (string LineId, long AmountFen, int Quantity)[] lines) =>
        app.AdminAsync(Refunded, new { i = new { orderId, refundId, lines = lines.Select(l => new { lineId = l.LineId, amountFen = l.AmountFen, quantity = l.Quantity }) } });

    public static string? ErrorCode(this GraphQLResponse response, string field) =>
        response.Data?[field]?["errors"]?.AsArray().FirstOrDefault()?["code"]?.GetValue<string>();

    public static void AssertOk(this GraphQLResponse response, string field) =>
        Assert.True(response.Data?[field]?["errors"]?.AsArray().Count == 0, response.ToString());
}
