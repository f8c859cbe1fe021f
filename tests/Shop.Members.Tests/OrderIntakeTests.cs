using System.Text.Json.Nodes;
using Shop.Testing;

namespace Shop.Members.Tests;

public class OrderIntakeTests(OrdersFixture fixture) : IClassFixture<OrdersFixture>
{
    private readonly ShopAppFactory _app = fixture.App;
    private readonly IntakeRecorder _recorder = fixture.Recorder;

    private const string OrderFields = "order { id status memberId goodsFen pointsUsed paidAt lines { lineId amountFen categoryIds } } errors { code field message }";
    private const string Placed = $"mutation($i: OrderInput!) {{ orderPlaced(input: $i) {{ {OrderFields} }} }}";
    private const string Paid = $"mutation($i: OrderInput!) {{ orderPaid(input: $i) {{ {OrderFields} }} }}";
    private const string Cancelled = $"mutation($i: OrderCancelInput!) {{ orderCancelled(input: $i) {{ {OrderFields} }} }}";
    private const string Refunded = "mutation($i: OrderRefundInput!) { orderRefunded(input: $i) { refund { id amountFen lines { lineId amountFen } } order { id } errors { code field message } } }";

    private async Task<string> NewMemberAsync()
    {
        var created = await _app.AdminAsync("mutation { memberCreate(input: {displayName: \"买家\"}) { member { id } } }");
        return created.Data!["memberCreate"]!["member"]!["id"]!.GetValue<string>();
    }

    private static object Order(string orderId, string memberId, long pointsUsed = 0, long firstLineFen = 12_000, DateTimeOffset? placedAt = null) => new
    {
        orderId,
        memberId,
        placedAt,
        pointsUsed,
        shippingFeeFen = 800,
        lines = new object[]
        {
            new { lineId = "L1", sku = "SKU-TEA", categoryIds = new[] { "tea" }, quantity = 2, amountFen = firstLineFen },
            new { lineId = "L2", sku = "SKU-CUP", categoryIds = new[] { "ware" }, quantity = 1, amountFen = 3_000 },
        },
    };

    private static JsonNode Payload(GraphQLResponse response, string field)
    {
        Assert.True(response.Errors is null, response.ToString());
        return response.Data![field]!;
    }

    private static string? FirstCode(JsonNode payload) => payload["errors"]!.AsArray().FirstOrDefault()?["code"]?.GetValue<string>();

    [Fact]
    public async Task A_cancel_without_an_order_id_or_with_an_implausible_time_is_refused()
    {
        var noId = Payload(await _app.AdminAsync(Cancelled, new { i = new { orderId = " " } }), "orderCancelled");
        var future = Payload(await _app.AdminAsync(Cancelled, new { i = new { orderId = "o-any", cancelledAt = DateTimeOffset.UtcNow.AddDays(3) } }), "orderCancelled");

        Assert.Equal(("VALIDATION", "orderId"), (FirstCode(noId), noId["errors"]![0]!["field"]!.GetValue<string>()));
        Assert.Equal(("VALIDATION", "cancelledAt"), (FirstCode(future), future["errors"]![0]!["field"]!.GetValue<string>()));
    }

    [Theory]
    // Past any real order, and where a sum of amounts or a lot's expiry would no longer fit its type.
    [InlineData("amount", 10_000_000_001L, "lines[0].amountFen")]
    [InlineData("future", 0L, "paidAt")]
    [InlineData("ancient", 0L, "paidAt")]
    public async Task Amounts_and_times_no_real_order_has_are_refused_and_nothing_is_recorded(string kind, long amount, string field)
    {
        var member = await NewMemberAsync();
        var now = DateTimeOffset.UtcNow;
        var orderId = $"o-implausible-{kind}";
        var paidAt = kind switch { "future" => now.AddDays(2), "ancient" => now.AddYears(-11), _ => now };
        var input = new
        {
            orderId,
            memberId = member,
            paidAt,
            lines = new[] { new { lineId = "L1", sku = "SKU", categoryIds = new[] { "c" }, quantity = 1, amountFen = kind == "amount" ? amount : 100 } },
        };

        var paid = Payload(await _app.AdminAsync(Paid, new { i = input }), "orderPaid");
        var order = await _app.AdminAsync("query($id: ID!) { order(id: $id) { id } }", new { id = orderId });

        Assert.Equal("VALIDATION", FirstCode(paid));
        Assert.Equal(field, paid["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Null(order.Data!["order"]);
    }

    [Fact]
    public async Task Placing_reserves_paying_captures_and_raises_OrderPaid_once()
    {
        var member = await NewMemberAsync();
        var orderId = $"o-{Guid.NewGuid():N}";

        var placed = Payload(await _app.AdminAsync(Placed, new { i = Order(orderId, member, pointsUsed: 500) }), "orderPlaced");
        var paid = Payload(await _app.AdminAsync(Paid, new { i = Order(orderId, member, pointsUsed: 500) }), "orderPaid");
        var repaid = Payload(await _app.AdminAsync(Paid, new { i = Order(orderId, member, pointsUsed: 500) }), "orderPaid");

        Assert.Equal("placed", placed["order"]!["status"]!.GetValue<string>());
        Assert.Equal("paid", paid["order"]!["status"]!.GetValue<string>());
        Assert.Equal(15_000, paid["order"]!["goodsFen"]!.GetValue<long>());
        Assert.Equal(paid["order"]!["paidAt"]!.ToJsonString(), repaid["order"]!["paidAt"]!.ToJsonString());
        Assert.Equal([$"reserve:{orderId}", $"capture:{orderId}"], _recorder.Calls.Where(c => c.EndsWith(orderId)));
        var evt = Assert.Single(_recorder.Paid, e => e.Order.OrderId == orderId);
        Assert.Equal(500, evt.Order.PointsUsed);
        Assert.Equal(["tea"], evt.Order.Lines[0].CategoryIds);
    }

    [Fact]
    public async Task Paid_before_placed_places_and_pays_in_one_step()
    {
        var member = await NewMemberAsync();
        var orderId = $"o-{Guid.NewGuid():N}";

        var paid = Payload(await _app.AdminAsync(Paid, new { i = Order(orderId, member) }), "orderPaid");
        var latePlaced = Payload(await _app.AdminAsync(Placed, new { i = Order(orderId, member) }), "orderPlaced");

        Assert.Equal("paid", paid["order"]!["status"]!.GetValue<string>());
        Assert.Equal("paid", latePlaced["order"]!["status"]!.GetValue<string>());
        Assert.Empty(latePlaced["errors"]!.AsArray());
        Assert.Equal([$"reserve:{orderId}", $"capture:{orderId}"], _recorder.Calls.Where(c => c.EndsWith(orderId)));
    }

    [Fact]
    public async Task A_refused_reservation_records_nothing()
    {
        var member = await NewMemberAsync();
        var orderId = $"o-{Guid.NewGuid():N}";

        var refused = Payload(await _app.AdminAsync(Placed, new { i = Order(orderId, member, pointsUsed: 5_000) }), "orderPlaced");
        var lookup = await _app.AdminAsync("query($id: ID!) { order(id: $id) { id } }", new { id = orderId });

        Assert.Equal("INSUFFICIENT_POINTS", FirstCode(refused));
        Assert.Null(refused["order"]);
        Assert.Null(lookup.Data!["order"]);
    }

    [Fact]
    public async Task An_order_id_names_one_order()
    {
        var member = await NewMemberAsync();
        var other = await NewMemberAsync();
        var orderId = $"o-{Guid.NewGuid():N}";
        await _app.AdminAsync(Placed, new { i = Order(orderId, member) });

        var otherMember = Payload(await _app.AdminAsync(Placed, new { i = Order(orderId, other) }), "orderPlaced");
        var otherAmount = Payload(await _app.AdminAsync(Paid, new { i = Order(orderId, member, firstLineFen: 1) }), "orderPaid");

        Assert.Equal(("ORDER_MISMATCH", "memberId"), (FirstCode(otherMember), otherMember["errors"]![0]!["field"]!.GetValue<string>()));
        Assert.Equal(("ORDER_MISMATCH", "lines"), (FirstCode(otherAmount), otherAmount["errors"]![0]!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Unknown_members_and_bad_input_are_refused_per_field()
    {
        var missing = Payload(await _app.AdminAsync(Placed, new { i = Order($"o-{Guid.NewGuid():N}", "mbr_missing") }), "orderPlaced");
        var invalid = Payload(await _app.AdminAsync(Placed, new
        {
            i = new { orderId = "o-bad", memberId = "m", pointsUsed = -1, lines = new[] { new { lineId = "A", sku = "S", quantity = 0, amountFen = -5 } } },
        }), "orderPlaced");

        Assert.Equal("MEMBER_NOT_FOUND", FirstCode(missing));
        Assert.Equal(["lines[0].quantity", "lines[0].amountFen", "pointsUsed"],
            invalid["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Cancelling_releases_once_and_closes_the_order()
    {
        var member = await NewMemberAsync();
        var orderId = $"o-{Guid.NewGuid():N}";
        await _app.AdminAsync(Placed, new { i = Order(orderId, member, pointsUsed: 100) });

        var cancelled = Payload(await _app.AdminAsync(Cancelled, new { i = new { orderId } }), "orderCancelled");
        var again = Payload(await _app.AdminAsync(Cancelled, new { i = new { orderId } }), "orderCancelled");
        var payAfter = Payload(await _app.AdminAsync(Paid, new { i = Order(orderId, member, pointsUsed: 100) }), "orderPaid");
        var unknown = Payload(await _app.AdminAsync(Cancelled, new { i = new { orderId = "o-never-seen" } }), "orderCancelled");

        Assert.Equal("cancelled", cancelled["order"]!["status"]!.GetValue<string>());
        Assert.Empty(again["errors"]!.AsArray());
        Assert.Equal("ORDER_CANCELLED", FirstCode(payAfter));
        Assert.Equal("ORDER_NOT_FOUND", FirstCode(unknown));
        Assert.Equal(1, _recorder.Count($"release:{orderId}"));
        Assert.Single(_recorder.Cancelled, e => e.Order.OrderId == orderId);
    }

    [Fact]
    public async Task A_paid_order_is_refunded_not_cancelled()
    {
        var member = await NewMemberAsync();
        var orderId = $"o-{Guid.NewGuid():N}";
        await _app.AdminAsync(Paid, new { i = Order(orderId, member) });

        var cancel = Payload(await _app.AdminAsync(Cancelled, new { i = new { orderId } }), "orderCancelled");

        Assert.Equal("ORDER_ALREADY_PAID", FirstCode(cancel));
        Assert.Equal(0, _recorder.Count($"release:{orderId}"));
    }

    [Fact]
    public async Task Refunds_accumulate_per_line_and_never_exceed_what_was_paid()
    {
        var member = await NewMemberAsync();
        var orderId = $"o-{Guid.NewGuid():N}";
        await _app.AdminAsync(Paid, new { i = Order(orderId, member) });
        object Refund(string refundId, long amountFen, string lineId = "L1") =>
            new { i = new { orderId, refundId, lines = new[] { new { lineId, quantity = 1, amountFen } } } };

        var first = Payload(await _app.AdminAsync(Refunded, Refund($"{orderId}-r1", 6_000)), "orderRefunded");
        var replay = Payload(await _app.AdminAsync(Refunded, Refund($"{orderId}-r1", 6_000)), "orderRefunded");
        var tooMuch = Payload(await _app.AdminAsync(Refunded, Refund($"{orderId}-r2", 6_001)), "orderRefunded");
        var rest = Payload(await _app.AdminAsync(Refunded, Refund($"{orderId}-r3", 6_000)), "orderRefunded");
        var unknownLine = Payload(await _app.AdminAsync(Refunded, Refund($"{orderId}-r4", 1, "L9")), "orderRefunded");

        Assert.Equal(6_000, first["refund"]!["amountFen"]!.GetValue<long>());
        Assert.Empty(replay["errors"]!.AsArray());
        Assert.Equal(("REFUND_EXCEEDS_LINE", "lines[0].amountFen"), (FirstCode(tooMuch), tooMuch["errors"]![0]!["field"]!.GetValue<string>()));
        Assert.Empty(rest["errors"]!.AsArray());
        Assert.Equal(("UNKNOWN_LINE", "lines[0].lineId"), (FirstCode(unknownLine), unknownLine["errors"]![0]!["field"]!.GetValue<string>()));
        var events = _recorder.Refunded.Where(e => e.Order.OrderId == orderId).OrderBy(e => e.Refund.RefundId).ToList();
        Assert.Equal([$"{orderId}-r1", $"{orderId}-r3"], events.Select(e => e.Refund.RefundId));
        Assert.Equal(0, events[0].PreviouslyRefunded["L1"]);
        Assert.Equal(6_000, events[1].PreviouslyRefunded["L1"]);
    }

    [Fact]
    public async Task Refunds_for_unknown_or_unpaid_orders_are_typed_errors_and_record_nothing()
    {
        var member = await NewMemberAsync();
        var orderId = $"o-{Guid.NewGuid():N}";
        var refund = new { i = new { orderId, refundId = $"{orderId}-r", lines = new[] { new { lineId = "L2", quantity = 1, amountFen = 3_000 } } } };

        var unknown = Payload(await _app.AdminAsync(Refunded, refund), "orderRefunded");
        await _app.AdminAsync(Placed, new { i = Order(orderId, member) });
        var unpaid = Payload(await _app.AdminAsync(Refunded, refund), "orderRefunded");
        await _app.AdminAsync(Paid, new { i = Order(orderId, member) });
        var afterPayment = Payload(await _app.AdminAsync(Refunded, refund), "orderRefunded");

        Assert.Equal("ORDER_NOT_FOUND", FirstCode(unknown));
        Assert.Equal("ORDER_NOT_PAID", FirstCode(unpaid));
        Assert.Empty(afterPayment["errors"]!.AsArray());
        Assert.Single(_recorder.Refunded, e => e.Order.OrderId == orderId);
    }

    [Fact]
    public async Task Staff_page_through_a_members_orders_with_their_refunds()
    {
        var member = await NewMemberAsync();
        var first = $"o-z-{Guid.NewGuid():N}"; // ids that sort the other way from time
        var second = $"o-a-{Guid.NewGuid():N}";
        var at = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
        await _app.AdminAsync(Paid, new { i = Order(first, member, placedAt: at) });
        await _app.AdminAsync(Refunded, new { i = new { orderId = first, refundId = $"{first}-r", lines = new[] { new { lineId = "L2", quantity = 1, amountFen = 3_000 } } } });
        await _app.AdminAsync(Placed, new { i = Order(second, member, placedAt: at.AddHours(1)) });
        const string Orders = "query($m: ID!, $after: String) { orders(memberId: $m, first: 1, after: $after) { totalCount edges { node { id status refunds { id amountFen } } } pageInfo { hasNextPage endCursor } } }";

        var page1 = Payload(await _app.AdminAsync(Orders, new { m = member }), "orders");
        var page2 = Payload(await _app.AdminAsync(Orders, new { m = member, after = page1["pageInfo"]!["endCursor"]!.GetValue<string>() }), "orders");

        var nodes = page1["edges"]!.AsArray().Concat(page2["edges"]!.AsArray()).Select(e => e!["node"]!).ToList();
        Assert.Equal(2, page1["totalCount"]!.GetValue<int>());
        Assert.True(page1["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.False(page2["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal([second, first], nodes.Select(n => n["id"]!.GetValue<string>())); // newest placement first, whatever the ids
        var paid = nodes.Single(n => n["id"]!.GetValue<string>() == first);
        Assert.Equal(3_000, paid["refunds"]![0]!["amountFen"]!.GetValue<long>());
        Assert.Empty(nodes.Single(n => n["id"]!.GetValue<string>() == second)["refunds"]!.AsArray());
    }

    [Fact]
    public async Task Concurrent_payments_of_one_order_capture_and_raise_once()
    {
        var member = await NewMemberAsync();
        var orderId = $"o-{Guid.NewGuid():N}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _app.AdminAsync(Paid, new { i = Order(orderId, member, pointsUsed: 10) })));

        Assert.All(responses, r => Assert.Empty(Payload(r, "orderPaid")["errors"]!.AsArray()));
        Assert.Equal(1, _recorder.Count($"reserve:{orderId}"));
        Assert.Equal(1, _recorder.Count($"capture:{orderId}"));
        Assert.Single(_recorder.Paid, e => e.Order.OrderId == orderId);
    }

    [Fact]
    public async Task Concurrent_refunds_of_one_line_cannot_exceed_it()
    {
        var member = await NewMemberAsync();
        var orderId = $"o-{Guid.NewGuid():N}";
        await _app.AdminAsync(Paid, new { i = Order(orderId, member) });

        // Ten refunds of 4,000 fen race for a 12,000 fen line: exactly three fit.
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(n => _app.AdminAsync(Refunded,
            new { i = new { orderId, refundId = $"{orderId}-r{n}", lines = new[] { new { lineId = "L1", quantity = 0, amountFen = 4_000 } } } })));

        var outcomes = responses.Select(r => FirstCode(Payload(r, "orderRefunded")) ?? "OK").ToList();
        Assert.Equal(3, outcomes.Count(o => o == "OK"));
        Assert.Equal(7, outcomes.Count(o => o == "REFUND_EXCEEDS_LINE"));
        var previous = _recorder.Refunded.Where(e => e.Order.OrderId == orderId).Select(e => e.PreviouslyRefunded["L1"]).Order();
        Assert.Equal([0L, 4_000L, 8_000L], previous);
    }
}
