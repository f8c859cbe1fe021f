using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Testing;

namespace Shop.Members.Tests;

public class OrderWebhookTests(OrdersFixture fixture) : IClassFixture<OrdersFixture>
{
    private readonly ShopAppFactory _app = fixture.App;

    private static string Sign(string body, string secret = OrdersFixture.WebhookSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.TryAddWithoutValidation("X-Shop-Signature", signature);
        using var response = await _app.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<string> NewMemberAsync()
    {
        var created = await _app.AdminAsync("mutation { memberCreate(input: {displayName: \"网店顾客\"}) { member { id } } }");
        return created.Data!["memberCreate"]!["member"]!["id"]!.GetValue<string>();
    }

    private static string PaidBody(string orderId, string memberId) => JsonSerializer.Serialize(new
    {
        @event = "order.paid",
        data = new { orderId, memberId, lines = new[] { new { lineId = "L1", sku = "SKU-1", categoryIds = new[] { "c1" }, quantity = 1, amountFen = 9_900 } } },
    });

    private async Task<bool> OrderExistsAsync(string orderId) =>
        (await _app.AdminAsync("query($id: ID!) { order(id: $id) { id } }", new { id = orderId })).Data!["order"] is not null;

    [Fact]
    public async Task A_signed_call_is_recorded()
    {
        var orderId = $"w-{Guid.NewGuid():N}";
        var body = PaidBody(orderId, await NewMemberAsync());

        var (status, response) = await PostAsync(body, Sign(body));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("paid", response!["order"]!["status"]!.GetValue<string>());
        Assert.True(await OrderExistsAsync(orderId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("wrong-secret")]
    [InlineData("sha256=not-hex")]
    public async Task Unsigned_or_wrongly_signed_calls_get_401_and_record_nothing(string? signature)
    {
        var orderId = $"w-{Guid.NewGuid():N}";
        var body = PaidBody(orderId, await NewMemberAsync());
        if (signature == "wrong-secret") signature = Sign(body, "another-secret-entirely");

        var (status, _) = await PostAsync(body, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(await OrderExistsAsync(orderId));
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var orderId = $"w-{Guid.NewGuid():N}";
        var body = PaidBody(orderId, await NewMemberAsync());

        var (status, _) = await PostAsync(body.Replace("9900", "1"), Sign(body));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(await OrderExistsAsync(orderId));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"event\":\"order.shipped\",\"data\":{}}")]
    [InlineData("{\"event\":\"order.paid\",\"data\":[]}")]
    [InlineData("{\"event\":\"order.paid\",\"data\":{\"lines\":\"many\"}}")]
    // PostgreSQL text cannot hold NUL: refused before anything is looked up or written.
    [InlineData("{\"event\":\"order.cancelled\",\"data\":{\"orderId\":\"A\\u0000B\"}}")]
    // A name given twice has no one meaning, so it is no order event (it was a 500, retried forever).
    [InlineData("{\"event\":\"order.cancelled\",\"event\":\"order.paid\",\"data\":{\"orderId\":\"x\"}}")]
    [InlineData("{\"event\":\"order.cancelled\",\"data\":{\"orderId\":\"x\",\"orderId\":\"y\"}}")]
    public async Task Malformed_signed_bodies_get_400(string body)
    {
        var (status, response) = await PostAsync(body, Sign(body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(response!["detail"]);
    }

    [Fact]
    public async Task A_signed_body_that_is_not_utf8_gets_400()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"event\":\"order.cancelled\",\"data\":{\"orderId\":\""), 0xFF, .. Encoding.UTF8.GetBytes("\"}}")];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/orders") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Shop-Signature",
            "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(OrdersFixture.WebhookSecret), body)));

        using var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_413()
    {
        var big = new string(' ', (1 << 20) + 1);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/orders")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))), // no Content-Length: sent chunked
        };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.TryAddWithoutValidation("X-Shop-Signature", Sign(big));

        using var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Business_refusals_get_422_with_typed_errors()
    {
        var body = JsonSerializer.Serialize(new { @event = "order.cancelled", data = new { orderId = "never-placed" } });

        var (status, response) = await PostAsync(body, Sign(body));

        Assert.True((HttpStatusCode)422 == status, $"{status} {response}");
        Assert.Equal("ORDER_NOT_FOUND", response!["errors"]![0]!["code"]!.GetValue<string>());
    }
}
