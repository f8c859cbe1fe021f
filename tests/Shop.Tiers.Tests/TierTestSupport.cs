using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Points.Services;
using Shop.Testing;

namespace Shop.Tiers.Tests;

/// <summary>Admin GraphQL shortcuts the tier tests share.</summary>
public static class TierApi
{
    public const string TierFields = "item { id status data { level name threshold } } errors { code field message }";

    public static async Task<JsonNode> CreateTierAsync(ShopAppFactory app, int level, string name, long threshold,
        long gift = 0, int multiplier = 100, long birthday = 0, int discount = 0)
    {
        var response = await app.AdminAsync(
            $"mutation($l: Int!, $n: String!, $t: Long!, $g: Long!, $m: Int!, $b: Long!, $d: Int!) {{ tierCreate(input: {{level: $l, name: $n, threshold: $t, " +
            $"benefits: {{discountPercent: $d, pointsMultiplierPercent: $m, freeShipping: false, upgradeGiftPoints: $g, birthdayPoints: $b}}}}) {{ {TierFields} }} }}",
            new { l = level, n = name, t = threshold, g = gift, m = multiplier, b = birthday, d = discount });
        return response.Data?["tierCreate"] ?? throw new InvalidOperationException(response.ToString());
    }

    public static async Task<JsonNode> PublishAsync(ShopAppFactory app, string type, string id)
    {
        var response = await app.AdminAsync($"mutation($id: ID!) {{ {type}Publish(input: {{id: $id}}) {{ item {{ id status }} errors {{ code field message }} }} }}", new { id });
        return response.Data?[type + "Publish"] ?? throw new InvalidOperationException(response.ToString());
    }

    /// <summary>Creates and publishes a tier; fails the test if either step is refused.</summary>
    public static async Task<string> PublishTierAsync(ShopAppFactory app, int level, string name, long threshold,
        long gift = 0, int multiplier = 100, long birthday = 0, int discount = 0)
    {
        var created = await CreateTierAsync(app, level, name, threshold, gift, multiplier, birthday, discount);
        Assert.Empty(created["errors"]!.AsArray());
        var id = created["item"]!["id"]!.GetValue<string>();
        var published = await PublishAsync(app, "tier", id);
        Assert.Empty(published["errors"]!.AsArray());
        return id;
    }

    public static async Task PublishProgramAsync(ShopAppFactory app, string period, int months, string mode)
    {
        var response = await app.AdminAsync(
            "mutation($p: String!, $m: Int!, $d: String!) { tierProgramCreate(input: {reviewPeriod: $p, retentionMonths: $m, downgradeMode: $d}) { item { id } errors { code field message } } }",
            new { p = period, m = months, d = mode });
        Assert.Empty(response.Data!["tierProgramCreate"]!["errors"]!.AsArray());
        var published = await PublishAsync(app, "tierProgram", response.Data["tierProgramCreate"]!["item"]!["id"]!.GetValue<string>());
        Assert.Empty(published["errors"]!.AsArray());
    }

    public static async Task<string> CreateMemberAsync(ShopAppFactory app, string name = "测试会员", string? birthday = null)
    {
        var response = await app.AdminAsync("mutation($i: MemberCreateInput!) { memberCreate(input: $i) { member { id } errors { code } } }",
            new { i = new { displayName = name, birthday } });
        return response.Data!["memberCreate"]!["member"]!["id"]!.GetValue<string>();
    }

    public const string Adjust =
        "mutation($i: GrowthAdjustInput!) { growthAdjust(input: $i) { growthValue level tier { level name growthValue } errors { code field message } } }";

    public static async Task<JsonNode> AdjustAsync(ShopAppFactory app, string memberId, long growth, string key, string reason = "测试")
    {
        var response = await app.AdminAsync(Adjust, new { i = new { memberId, growth, reason, idempotencyKey = key } });
        return response.Data?["growthAdjust"] ?? throw new InvalidOperationException(response.ToString());
    }

    public static async Task<JsonArray> ChangesAsync(ShopAppFactory app, string memberId)
    {
        var response = await app.AdminAsync(
            "query($m: ID!) { tierChanges(memberId: $m, first: 50) { totalCount edges { node { fromLevel toLevel reason note } } } }", new { m = memberId });
        return response.Data!["tierChanges"]!["edges"]!.AsArray();
    }

    public static async Task<T> InScopeAsync<T>(ShopAppFactory app, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public static Task<long> ScalarAsync(ShopAppFactory app, string sql, object? args = null) =>
        InScopeAsync(app, s => s.GetRequiredService<DbSession>().ExecuteScalarAsync<long>(sql, args));
}

/// <summary>A member's points ledger entries from one source, read through the admin API of the real Points module.</summary>
public sealed record PointsFromSource(string SourceId, long Delta, string? RuleVersionId);

public static class PointsLedgerApi
{
    public static async Task<IReadOnlyList<PointsFromSource>> EntriesAsync(ShopAppFactory app, string memberId, string sourceType)
    {
        var response = await app.AdminAsync(
            "query($id: ID!) { member(id: $id) { points { history(first: 100) { edges { node { sourceType sourceId delta ruleVersionId } } } } } }",
            new { id = memberId });
        var edges = response.Data?["member"]?["points"]?["history"]?["edges"]?.AsArray() ?? throw new InvalidOperationException(response.ToString());
        return edges.Select(e => e!["node"]!)
            .Where(n => n["sourceType"]!.GetValue<string>() == sourceType)
            .Select(n => new PointsFromSource(n["sourceId"]!.GetValue<string>(), n["delta"]!.GetValue<long>(), n["ruleVersionId"]?.GetValue<string>()))
            .ToList();
    }

    public static async Task<long> TotalAsync(ShopAppFactory app, string memberId, string sourceType) =>
        (await EntriesAsync(app, memberId, sourceType)).Sum(e => e.Delta);
}
