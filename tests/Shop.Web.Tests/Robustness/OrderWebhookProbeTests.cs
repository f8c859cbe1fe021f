using System.Security.Cryptography;
using System.Text;
using Shop.Testing;
using Xunit.Abstractions;

namespace Shop.Web.Tests.Robustness;

/// <summary>
/// The order webhook is JSON the commerce system writes, so it can carry what the GraphQL types
/// never let through: nulls where a list or an id belongs, null list items, numbers at the edge
/// of their type. Signed and sent to a shop with every module on, each must be recorded or
/// refused (200, 400, 422), never a 5xx or a logged error.
/// </summary>
public class OrderWebhookProbeTests(ITestOutputHelper output)
{
    private const string Secret = "probe-webhook-secret-0123456789";

    // JSON written with single quotes for readability; J turns them into double quotes.
    private static string J(string json) => json.Replace('\'', '"');

    private static IEnumerable<string> HostileOrders(string member)
    {
        const string line = "{'lineId':'L1','sku':'S1','categoryIds':['c1'],'quantity':1,'amountFen':1000}";
        string Order(string id, string fields) => J($"{{'orderId':'{id}','memberId':'{member}',{fields}}}");
        yield return Order("h-plain", $"'lines':[{line}]");
        yield return Order("h-null-lines", "'lines':null");
        yield return Order("h-null-line", "'lines':[null]");
        yield return Order("h-null-fields", "'lines':[{'lineId':null,'sku':null,'categoryIds':[null],'quantity':1,'amountFen':100}]");
        yield return Order("h-null-coupons", $"'lines':[{line}],'couponIds':[null]");
        yield return Order("h-max-amounts", "'lines':[{'lineId':'A','sku':'S','quantity':1,'amountFen':9223372036854775807},{'lineId':'B','sku':'S','quantity':1,'amountFen':9223372036854775807}]");
        yield return Order("h-max-quantity", "'lines':[{'lineId':'A','sku':'S','quantity':2147483647,'amountFen':100}]");
        yield return Order("h-max-shipping", $"'lines':[{line}],'shippingFeeFen':9223372036854775807,'pointsUsed':9223372036854775807");
        yield return Order("h-negative", "'lines':[{'lineId':'A','sku':'S','quantity':-1,'amountFen':-100}],'shippingFeeFen':-1,'pointsUsed':-1");
        yield return Order("h-dates", $"'lines':[{line}],'placedAt':'0001-01-01T00:00:00Z','paidAt':'9999-12-31T23:59:59Z'");
        yield return J($"{{'orderId':null,'memberId':null,'lines':[{line}]}}");
        yield return J($"{{'orderId':'h-unknown-member','memberId':'mbr_nobody','lines':[{line}]}}");
    }

    private static IEnumerable<string> HostileFollowUps() => new[]
    {
        "{'orderId':null}",
        "{'orderId':'h-plain','cancelledAt':'9999-12-31T23:59:59Z'}",
        "{'orderId':'h-plain','refundId':'r4','refundedAt':'0001-01-01T00:00:00Z','lines':[{'lineId':'L1','quantity':1,'amountFen':1}]}",
        "{'orderId':'h-never-placed','refundId':'r1','lines':null}",
        "{'orderId':'h-plain','refundId':'r1','lines':[null]}",
        "{'orderId':'h-plain','refundId':'r2','lines':[{'lineId':null,'quantity':1,'amountFen':1}]}",
        "{'orderId':'h-plain','refundId':'r3','lines':[{'lineId':'L1','quantity':2147483647,'amountFen':9223372036854775807}]}",
        "{'orderId':'h-plain','refundId':null,'lines':[{'lineId':'L1','quantity':1,'amountFen':1}]}",
    }.Select(J);

    [Fact]
    public async Task Hostile_order_events_are_recorded_or_refused_never_a_server_error()
    {
        using var app = new ShopAppFactory()
            .WithSetting("Shop:Webhooks:Secret", Secret)
            .WithSetting("Shop:Demo:SeedOnStartup", "true")
            .WithSetting("Shop:Demo:Members", "3");
        var client = app.CreateClient();
        var members = await app.AdminAsync("{ members(first: 1) { edges { node { id } } } }");
        var member = members.Data!["members"]!["edges"]![0]!["node"]!["id"]!.GetValue<string>();
        var failures = new List<string>();
        var statuses = new List<int>();
        var logLinesSeen = app.Logs.Lines.Count;

        async Task SendAsync(string eventName, string data)
        {
            var body = $$"""{"event":"{{eventName}}","data":{{data}}}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("X-Shop-Signature",
                "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body))));
            using var response = await client.SendAsync(request);
            var lines = app.Logs.Lines;
            var errors = lines.Skip(logLinesSeen).Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
            logLinesSeen = lines.Count;
            var status = (int)response.StatusCode;
            statuses.Add(status);
            if (status is not (200 or 400 or 422) || errors.Count > 0)
                failures.Add($"{eventName} {data} → {status} {await response.Content.ReadAsStringAsync()}\n  log: {string.Join(" | ", errors)}");
        }

        foreach (var order in HostileOrders(member))
        {
            await SendAsync("order.placed", order);
            await SendAsync("order.paid", order);
        }
        foreach (var followUp in HostileFollowUps())
        {
            await SendAsync("order.refunded", followUp);
            await SendAsync("order.cancelled", followUp);
        }

        output.WriteLine($"{statuses.Count} events: {string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()}× {g.Key}"))}");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        // The plain orders among them were recorded: the probe reached the intake, not only the parser.
        Assert.Contains(200, statuses);
        Assert.Contains(422, statuses);
    }
}
