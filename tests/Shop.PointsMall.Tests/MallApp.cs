using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.Services;
using Shop.Framework.Audiences;
using Shop.Testing;

namespace Shop.PointsMall.Tests;

/// <summary>
/// A host with a fake clock, the fake coupon issuer (and, when asked, an audience gate), and
/// GraphQL shortcuts for rewards, members, points and redemptions.
/// </summary>
public sealed class MallApp : IDisposable
{
    public const string RedemptionFields =
        "id status kind quantity pointsSpent cashFen rewardId rewardTitle memberId couponIds codes carrier trackingNumber localDay";

    public const string PayloadFields = $"redemption {{ {RedemptionFields} }} errors {{ code message field }}";

    /// <summary>2026-11-23 10:00 in Shanghai.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    public TestClock Clock { get; } = new(Start);
    public FakeCouponIssuer Coupons { get; } = new();
    public FakeAudienceGate Audiences { get; } = new();
    /// <summary>Applies queued search-index tasks (the reward search reads the index).</summary>
    public Task DrainIndexAsync() => App.Services.GetRequiredService<Shop.Framework.Search.IndexingWorker>().DrainAsync();

    public ShopAppFactory App { get; }

    public MallApp(bool withAudienceGate = false, bool withCouponIssuer = true)
    {
        App = new ShopAppFactory().WithSetting("Shop:Auth:MemberTokenLifetime", "3650.00:00:00")
            .WithServices(s =>
            {
                s.AddSingleton<TimeProvider>(Clock);
                if (withCouponIssuer) s.AddSingleton<ICouponIssuer>(Coupons);
                if (withAudienceGate) s.AddSingleton<IAudienceGate>(Audiences);
            });
    }

    /// <summary>A goods reward of 100 points with stock 10 and no limits; <paramref name="change"/> edits it.</summary>
    public static JsonObject Reward(string title = "Thermos", Action<JsonObject>? change = null)
    {
        var reward = new JsonObject
        {
            ["title"] = title,
            ["description"] = "A 500 ml steel flask.",
            ["kind"] = "goods",
            ["couponTemplateId"] = null,
            ["pointsPrice"] = 100,
            ["cashFen"] = 0,
            ["initialStock"] = 10,
            ["perMemberLimit"] = 0,
            ["perMemberDailyLimit"] = 0,
            ["availableFrom"] = null,
            ["availableUntil"] = null,
            ["minTierLevel"] = 0,
            ["audienceId"] = null,
            ["category"] = "home",
            ["imageUrls"] = new JsonArray("https://img.example.com/flask.jpg"),
        };
        change?.Invoke(reward);
        return reward;
    }

    public async Task<JsonNode> CreateRewardAsync(JsonObject reward)
    {
        var response = await App.AdminAsync("mutation($i: RewardCreateInput!) { rewardCreate(input: $i) { item { id status } errors { code message field } } }", new { i = reward });
        return response.Data?["rewardCreate"] ?? throw new InvalidOperationException(response.ToString());
    }

    public async Task<JsonNode> PublishAsync(string rewardId)
    {
        var response = await App.AdminAsync("mutation($id: ID!) { rewardPublish(input: {id: $id}) { item { id status version } errors { code message } } }", new { id = rewardId });
        return response.Data?["rewardPublish"] ?? throw new InvalidOperationException(response.ToString());
    }

    /// <summary>Creates and publishes; fails the test if either is refused.</summary>
    public async Task<string> PublishRewardAsync(JsonObject reward)
    {
        var created = await CreateRewardAsync(reward);
        created.NoErrors();
        var id = created["item"]!.Str("id");
        (await PublishAsync(id)).NoErrors();
        return id;
    }

    public Task<string> PublishRewardAsync(string title, Action<JsonObject>? change = null) => PublishRewardAsync(Reward(title, change));

    /// <summary>Signs a member in with the dev provider; returns the token and the member id.</summary>
    public async Task<(string Token, string MemberId)> MemberAsync(string phone)
    {
        var response = await App.StorefrontAsync(
            "mutation($code: String!) { login(input: {provider: \"dev\", code: $code}) { token member { id } errors { code } } }", new { code = phone });
        var login = response.Data?["login"] ?? throw new InvalidOperationException(response.ToString());
        return (login.Str("token"), login["member"]!.Str("id"));
    }

    /// <summary>A member with <paramref name="points"/> to spend.</summary>
    public async Task<(string Token, string MemberId)> MemberWithPointsAsync(string phone, long points)
    {
        var member = await MemberAsync(phone);
        await CreditAsync(member.MemberId, points);
        return member;
    }

    public async Task CreditAsync(string memberId, long points)
    {
        var response = await App.AdminAsync(
            "mutation($m: ID!, $p: Long!, $k: String!) { pointsAdjust(input: {memberId: $m, points: $p, reason: \"test credit\", idempotencyKey: $k}) { errors { code message } } }",
            new { m = memberId, p = points, k = Guid.NewGuid().ToString("N") });
        Assert.True(response.Data?["pointsAdjust"]?["errors"]?.AsArray().Count == 0, response.ToString());
    }

    public async Task<JsonNode> RedeemAsync(string? token, string rewardId, string key, int quantity = 1)
    {
        var response = await App.StorefrontAsync(
            $"mutation($r: ID!, $q: Int, $k: String!) {{ redeemReward(input: {{rewardId: $r, quantity: $q, idempotencyKey: $k}}) {{ {PayloadFields} }} }}",
            new { r = rewardId, q = quantity, k = key }, token);
        return response.Data?["redeemReward"] ?? throw new InvalidOperationException(response.ToString());
    }

    public async Task<long> PointsAsync(string token) =>
        (await App.StorefrontAsync("{ me { points { balance } } }", token: token)).Data!["me"]!["points"]!.Long("balance");

    public async Task<JsonNode> StockAsync(string rewardId)
    {
        var response = await App.AdminAsync("query($r: ID!) { rewardStock(rewardId: $r) { stockLeft redeemed codesAvailable } }", new { r = rewardId });
        return response.Data?["rewardStock"] ?? throw new InvalidOperationException(response.ToString());
    }

    public async Task<JsonNode> AdminMutationAsync(string field, string inputType, object input, string selection = PayloadFields)
    {
        var response = await App.AdminAsync($"mutation($i: {inputType}!) {{ {field}(input: $i) {{ {selection} }} }}", new { i = input });
        return response.Data?[field] ?? throw new InvalidOperationException(response.ToString());
    }

    public Task<JsonNode> CancelAsync(string redemptionId, string key, string reason = "customer asked") =>
        AdminMutationAsync("redemptionCancel", "RedemptionCancelInput", new { redemptionId, reason, idempotencyKey = key });

    public Task<JsonNode> ShipAsync(string redemptionId, string carrier = "SF Express", string trackingNumber = "SF1234567890") =>
        AdminMutationAsync("redemptionShip", "RedemptionShipInput", new { redemptionId, carrier, trackingNumber });

    public Task<JsonNode> DeliverAsync(string redemptionId) =>
        AdminMutationAsync("redemptionDeliver", "RedemptionDeliverInput", new { redemptionId });

    public Task<JsonNode> AdjustStockAsync(string rewardId, long delta, string key) =>
        AdminMutationAsync("rewardStockAdjust", "RewardStockAdjustInput", new { rewardId, delta, reason = "recount", idempotencyKey = key },
            "stock { stockLeft redeemed } errors { code message field }");

    public Task<JsonNode> UploadCodesAsync(string rewardId, params string[] codes) =>
        AdminMutationAsync("rewardCodesUpload", "RewardCodesUploadInput", new { rewardId, codes }, "added duplicates available errors { code message field }");

    /// <summary>The points module's invariant check over every account.</summary>
    public async Task<IReadOnlyList<string>> PointsViolationsAsync()
    {
        var response = await App.AdminAsync("{ pointsInvariants { ok violations } }");
        return response.Data!["pointsInvariants"]!["violations"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
    }

    public void Dispose() => App.Dispose();
}

public static class Json
{
    public static string Code(this JsonNode payload) => payload["errors"]!.AsArray().Single()!["code"]!.GetValue<string>();

    public static void NoErrors(this JsonNode payload) => Assert.True(payload["errors"]!.AsArray().Count == 0, payload.ToJsonString());

    public static JsonNode Redemption(this JsonNode payload) => payload["redemption"] ?? throw new InvalidOperationException(payload.ToJsonString());

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();

    public static long Long(this JsonNode node, string name) => node[name]!.GetValue<long>();
}
