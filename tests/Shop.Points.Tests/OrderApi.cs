using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Testing;

namespace Shop.Points.Tests;

/// <summary>The orders intake's admin mutations, as the commerce system calls them.</summary>
public static class OrderApi
{
    private const string Placed = "mutation($i: OrderInput!) { orderPlaced(input: $i) { order { id status } errors { code field } } }";
    private const string Paid = "mutation($i: OrderInput!) { orderPaid(input: $i) { order { id status } errors { code field } } }";
    private const string Cancelled = "mutation($i: OrderCancelInput!) { orderCancelled(input: $i) { order { id status } errors { code } } }";
    private const string Refunded = "mutation($i: OrderRefundInput!) { orderRefunded(input: $i) { refund { id } errors { code field } } }";

    /// <summary>An order line; <see cref="PointsDeductionFen"/> is what points paid of it, as checkoutQuote splits them (null: not sent).</summary>
    public sealed record Line(string LineId, string Sku, long AmountFen, int Quantity = 1, params string[] CategoryIds)
    {
        public long? PointsDeductionFen { get; init; }
    }

    /// <summary>The orderPlaced/orderPaid input, which is also the webhook's data.</summary>
    public static object Input(string orderId, string memberId, long pointsUsed, Line[] lines, DateTimeOffset? paidAt = null) => new
    {
        orderId, memberId, pointsUsed, paidAt,
        lines = lines.Select(l => new
        {
            lineId = l.LineId, sku = l.Sku, categoryIds = l.CategoryIds, quantity = l.Quantity, amountFen = l.AmountFen, pointsDeductionFen = l.PointsDeductionFen,
        }),
    };

    public const string WebhookSecret = "points-test-webhook-secret-0123456789";

    /// <summary>Posts <c>{ event, data }</c> to the orders webhook, signed with <see cref="WebhookSecret"/>.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> WebhookAsync(this ShopAppFactory app, string eventName, object data)
    {
        var body = JsonSerializer.Serialize(new { @event = eventName, data }, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes(body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Shop-Signature", signature);
        using var response = await app.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

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
