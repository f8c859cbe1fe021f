using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shop.Testing;

namespace Shop.Coupons.Tests;

/// <summary>A host on a fake clock with helpers to publish coupon templates, sign members in and claim.</summary>
public sealed class CouponsApp : IDisposable
{
    /// <summary>2026-11-23 10:00 in Shanghai, a Monday.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    public const string CouponFields = "id code status title kind thresholdFen discountFen percentOff channel validFrom validUntil orderId template { id title }";
    public const string Errors = "errors { code message field }";

    public FakeTimeProvider Clock { get; } = new(Start);
    public ShopAppFactory App { get; }
    private int _phones;
    private readonly string _prefix;

    public CouponsApp(Action<IServiceCollection>? services = null)
    {
        _prefix = $"139{Random.Shared.Next(10_000, 99_999)}";
        App = new ShopAppFactory().WithSetting("Shop:Auth:MemberTokenLifetime", "3650.00:00:00")
            .WithServices(s =>
            {
                s.AddSingleton<TimeProvider>(Clock);
                services?.Invoke(s);
            });
    }

    public static JsonObject Template(string title = "满100减10", Action<JsonObject>? change = null)
    {
        var t = new JsonObject
        {
            ["title"] = title,
            ["rules"] = new JsonObject
            {
                ["kind"] = "thresholdMinus", ["thresholdFen"] = 100_00, ["discountFen"] = 10_00, ["percentOff"] = 0, ["maxDiscountFen"] = 0,
                ["scope"] = new JsonObject { ["kind"] = "all", ["categoryIds"] = new JsonArray(), ["skus"] = new JsonArray(), ["excludedCategoryIds"] = new JsonArray(), ["excludedSkus"] = new JsonArray() },
                ["stacking"] = new JsonObject { ["withOtherCoupons"] = false, ["withPoints"] = true },
            },
            ["validity"] = new JsonObject { ["mode"] = "relative", ["days"] = 7, ["startNextDay"] = false },
            ["totalQuantity"] = 0,
            ["perMemberLimit"] = 1,
            ["tierMinimum"] = 0,
            ["channels"] = new JsonArray("claim"),
            ["spendGiftMinimumFen"] = 0,
            ["tierUpgradeLevel"] = 0,
        };
        change?.Invoke(t);
        return t;
    }

    public async Task<GraphQLResponse> CreateTemplateAsync(JsonObject template) =>
        await App.AdminAsync($"mutation($i: CouponTemplateCreateInput!) {{ couponTemplateCreate(input: $i) {{ item {{ id }} {Errors} }} }}", new { i = template });

    public async Task<string> PublishTemplateAsync(JsonObject template)
    {
        var created = await CreateTemplateAsync(template);
        var id = created.Data?["couponTemplateCreate"]?["item"]?["id"]?.GetValue<string>() ?? throw new InvalidOperationException(created.ToString());
        var published = await PublishAsync(id);
        Assert.True(published["errors"]!.AsArray().Count == 0, published.ToJsonString());
        return id;
    }

    public async Task<JsonNode> PublishAsync(string id) =>
        (await App.AdminAsync($"mutation($id: ID!) {{ couponTemplatePublish(input: {{id: $id}}) {{ {Errors} }} }}", new { id })).Data!["couponTemplatePublish"]!;

    public async Task<JsonNode> UpdateTemplateAsync(string id, JsonObject template)
    {
        template["id"] = id;
        return (await App.AdminAsync($"mutation($i: CouponTemplateUpdateInput!) {{ couponTemplateUpdate(input: $i) {{ {Errors} }} }}", new { i = template })).Data!["couponTemplateUpdate"]!;
    }

    /// <summary>Signs a new member in (tokens are issued on a fixed past instant and outlive every test day).</summary>
    public async Task<(string Token, string MemberId)> MemberAsync()
    {
        var phone = _prefix + Interlocked.Increment(ref _phones).ToString("000");
        var now = Clock.GetUtcNow();
        var token = await App.LoginAsync(phone);
        var me = await App.StorefrontAsync("{ me { id } }", token: token);
        return (token, me.Data!["me"]!["id"]!.GetValue<string>());
    }

    public async Task<JsonNode> ClaimAsync(string? token, string templateId, string key)
    {
        var response = await App.StorefrontAsync($"mutation($t: ID!, $k: String!) {{ claimCoupon(input: {{templateId: $t, idempotencyKey: $k}}) {{ coupon {{ {CouponFields} }} {Errors} }} }}",
            new { t = templateId, k = key }, token);
        return response.Data?["claimCoupon"] ?? throw new InvalidOperationException(response.ToString());
    }

    public async Task<JsonArray> MyCouponsAsync(string token, string? statuses = null)
    {
        var args = statuses is null ? "" : $"(status: [{statuses}])";
        var response = await App.StorefrontAsync($"{{ me {{ coupons{args} {{ totalCount edges {{ node {{ {CouponFields} }} }} }} }} }}", token: token);
        var edges = response.Data?["me"]?["coupons"]?["edges"]?.AsArray() ?? throw new InvalidOperationException(response.ToString());
        return new JsonArray(edges.Select(e => e!["node"]!.DeepClone()).ToArray());
    }

    public async Task<JsonArray> ClaimCentreAsync(string? token)
    {
        var response = await App.StorefrontAsync("{ couponTemplates(first: 50) { totalCount edges { node { id title kind thresholdFen discountFen percentOff remaining perMemberLimit claimedByMe canClaim reason } } } }", token: token);
        var edges = response.Data?["couponTemplates"]?["edges"]?.AsArray() ?? throw new InvalidOperationException(response.ToString());
        return new JsonArray(edges.Select(e => e!["node"]!.DeepClone()).ToArray());
    }

    public async Task<JsonNode> StatsAsync(string templateId)
    {
        var response = await App.AdminAsync("query($t: ID!) { couponTemplateStats(templateId: $t) { totalQuantity issued remaining byStatus { status count } } }", new { t = templateId });
        return response.Data?["couponTemplateStats"] ?? throw new InvalidOperationException(response.ToString());
    }

    public void Dispose() => App.Dispose();
}

public static class Json
{
    public static string Code(this JsonNode payload) => payload["errors"]!.AsArray().First()!["code"]!.GetValue<string>();

    public static void NoErrors(this JsonNode payload) => Assert.True(payload["errors"]!.AsArray().Count == 0, payload.ToJsonString());

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();

    public static long Long(this JsonNode node, string name) => node[name]!.GetValue<long>();

    public static long Count(this JsonNode stats, string status) =>
        stats["byStatus"]!.AsArray().Single(s => s!["status"]!.GetValue<string>() == status)!["count"]!.GetValue<long>();
}
