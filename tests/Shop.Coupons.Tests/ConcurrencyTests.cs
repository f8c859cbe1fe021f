namespace Shop.Coupons.Tests;

/// <summary>Real parallel HTTP requests against the real database: totals and limits hold.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly CouponsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Five_hundred_members_racing_for_a_hundred_coupons_get_exactly_a_hundred()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template(change: t => t["totalQuantity"] = 100));
        var members = new List<(string Token, string MemberId)>();
        foreach (var chunk in Enumerable.Range(0, 500).Chunk(50))
            members.AddRange(await Task.WhenAll(chunk.Select(_ => _app.MemberAsync())));

        var results = await Task.WhenAll(members.Select(m => _app.ClaimAsync(m.Token, templateId, "race")));

        Assert.Equal(100, results.Count(r => r["errors"]!.AsArray().Count == 0));
        Assert.Equal(400, results.Count(r => r["errors"]!.AsArray().Count == 1 && r.Code() == "OUT_OF_STOCK"));
        var stats = await _app.StatsAsync(templateId);
        Assert.Equal(100, stats.Long("issued"));
        Assert.Equal(100, stats.Count("AVAILABLE"));
        Assert.Equal(100, results.Where(r => r["coupon"] is not null).Select(r => r["coupon"]!.Str("code")).Distinct().Count());
    }

    [Fact]
    public async Task One_member_racing_twenty_claims_against_a_limit_of_two_gets_two()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template(change: t => t["perMemberLimit"] = 2));
        var (token, _) = await _app.MemberAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _app.ClaimAsync(token, templateId, $"tap-{i}")));

        Assert.Equal(2, results.Count(r => r["errors"]!.AsArray().Count == 0));
        Assert.Equal(18, results.Count(r => r["errors"]!.AsArray().Count == 1 && r.Code() == "LIMIT_REACHED"));
        Assert.Equal(2, (await _app.MyCouponsAsync(token)).Count);
        Assert.Equal(2, (await _app.StatsAsync(templateId)).Long("issued"));
    }

    [Fact]
    public async Task Twenty_replays_of_one_key_all_return_the_same_coupon()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template(change: t => t["perMemberLimit"] = 5));
        var (token, _) = await _app.MemberAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _app.ClaimAsync(token, templateId, "same")));

        Assert.All(results, r => r.NoErrors());
        Assert.Single(results.Select(r => r["coupon"]!.Str("id")).Distinct());
        Assert.Equal(1, (await _app.StatsAsync(templateId)).Long("issued"));
    }

    [Fact]
    public async Task Two_orders_racing_for_one_coupon_hold_it_once()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template());
        var (token, memberId) = await _app.MemberAsync();
        var couponId = (await _app.ClaimAsync(token, templateId, "k"))["coupon"]!.Str("id");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => _app.App.AdminAsync(
            "mutation($i: OrderInput!) { orderPlaced(input: $i) { errors { code } } }",
            new { i = new { orderId = $"o{i}", memberId, couponIds = new[] { couponId }, lines = new[] { new { lineId = "l", sku = "s", quantity = 1, amountFen = 150_00 } } } })));

        Assert.Equal(1, results.Count(r => r.Data!["orderPlaced"]!["errors"]!.AsArray().Count == 0));
        Assert.Equal(9, results.Count(r => r.Data!["orderPlaced"]!["errors"]!.AsArray().Count == 1 && r.Data!["orderPlaced"]!.Code() == "NOT_AVAILABLE"));
    }
}
