using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Points.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shop.Points.Services;
using Shop.Testing;

namespace Shop.Points.Tests;

/// <summary>Members in <see cref="Gold"/> earn ×1.5, as the tiers module would report.</summary>
public sealed class FakeTierMultipliers : IPointsMultiplierSource
{
    public HashSet<string> Gold { get; } = [];

    public Task<PointsMultiplier> MultiplierAtAsync(string memberId, long atUnixMs) =>
        Task.FromResult(Gold.Contains(memberId) ? new PointsMultiplier(150, "Gold ×1.5") : PointsMultiplier.None);
}

/// <summary>One host per test class, on a fake clock, with a programme published by <see cref="Program"/>.</summary>
public abstract class PointsFixtureBase : IDisposable
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-11-23T02:00:00Z"));
    public FakeTierMultipliers Tiers { get; } = new();
    public ShopAppFactory App { get; }
    private int _phones;

    protected PointsFixtureBase()
    {
        App = new ShopAppFactory().WithSetting("Shop:Webhooks:Secret", OrderApi.WebhookSecret).WithServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<IPointsMultiplierSource>(Tiers);
        });
        var publish = PublishProgramAsync(Program).GetAwaiter().GetResult();
        if (publish is not null) throw new InvalidOperationException(publish);
    }

    protected abstract PointsProgram Program { get; }

    /// <summary>Creates and publishes a programme; returns an error description or null.</summary>
    public async Task<string?> PublishProgramAsync(PointsProgram program)
    {
        var created = await CreateProgramAsync(program);
        var item = created.Data?["pointsProgramCreate"]?["item"];
        if (item is null) return created.ToString();
        var published = await App.AdminAsync("mutation($id: ID!) { pointsProgramPublish(input: {id: $id}) { item { versionId } errors { code } } }", new { id = item["id"]!.GetValue<string>() });
        return published.Data?["pointsProgramPublish"]?["item"] is null ? published.ToString() : null;
    }

    /// <summary>The admin input is the whole model, camelCased as the schema names it.</summary>
    public Task<GraphQLResponse> CreateProgramAsync(PointsProgram program) =>
        App.AdminAsync("mutation($i: PointsProgramCreateInput!) { pointsProgramCreate(input: $i) { item { id } errors { code field message } } }",
            new { i = JsonSerializer.SerializeToNode(program, new JsonSerializerOptions(JsonSerializerDefaults.Web)) });

    public async Task<string> NewMemberAsync(string? birthday = null)
    {
        var n = Interlocked.Increment(ref _phones);
        var response = await App.AdminAsync("mutation($i: MemberCreateInput!) { memberCreate(input: $i) { member { id } errors { code } } }",
            new { i = new { displayName = $"积分{n}", birthday } });
        return response.Data!["memberCreate"]!["member"]!["id"]!.GetValue<string>();
    }

    public const string AdjustMutation =
        "mutation($i: PointsAdjustInput!) { pointsAdjust(input: $i) { entry { id kind delta reason } balance errors { code field } } }";

    public Task<GraphQLResponse> AdjustAsync(string memberId, long points, string key, string? reason = "test", HttpClient? client = null) =>
        App.PostAsync("/admin/graphql", AdjustMutation, new { i = new { memberId, points, reason, idempotencyKey = key } },
            new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", ShopAppFactory.ApiKey), client);

    public async Task<JsonNode> PointsAsync(string memberId)
    {
        var response = await App.AdminAsync("query($id: ID!) { member(id: $id) { points { balance pending reserved } } }", new { id = memberId });
        return response.Data?["member"]?["points"] ?? throw new InvalidOperationException(response.ToString());
    }

    public async Task<(long Balance, long Pending, long Reserved)> BalanceAsync(string memberId)
    {
        var p = await PointsAsync(memberId);
        return (p["balance"]!.GetValue<long>(), p["pending"]!.GetValue<long>(), p["reserved"]!.GetValue<long>());
    }

    /// <summary>The books check over GraphQL; every scenario ends with it.</summary>
    public async Task AssertBooksBalanceAsync(string? memberId = null)
    {
        var response = await App.AdminAsync("query($id: ID) { pointsInvariants(memberId: $id) { ok violations } }", new { id = memberId });
        var report = response.Data?["pointsInvariants"] ?? throw new InvalidOperationException(response.ToString());
        Assert.True(report["ok"]!.GetValue<bool>(), string.Join("\n", report["violations"]!.AsArray().Select(v => v!.GetValue<string>())));
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = App.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public void Dispose() => App.Dispose();
}

/// <summary>
/// The main programme: 1 point per yuan, floor, ×2 for category "double", SKU "GIFT" excluded,
/// 7 frozen days, 30-day expiry, 100 points = 1 yuan in steps of 100 up to 50 %, debts allowed.
/// </summary>
public sealed class PointsFixture : PointsFixtureBase
{
    protected override PointsProgram Program => new()
    {
        Name = "Test programme",
        PointsPerYuan = 1,
        Rounding = "floor",
        ExcludedSkus = ["GIFT"],
        CategoryMultipliers = [new() { CategoryId = "double", Percent = 200 }],
        ExpiryPolicy = "days",
        ExpiryDays = 30,
        FrozenDays = 7,
        DeductionPointsPerYuan = 100,
        DeductionStep = 100,
        DeductionMaxSharePercent = 50,
        DeductionMinimumBalance = 0,
        Clawback = "allowNegative",
        RegistrationBonus = 0,
        BirthdayBonus = 88,
    };
}
