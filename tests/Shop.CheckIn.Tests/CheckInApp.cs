using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Shop.Testing;

namespace Shop.CheckIn.Tests;

/// <summary>A host with a fake clock, the check-in programme of the demo (unless told otherwise) and the ledgers.</summary>
public sealed class CheckInApp : IDisposable
{
    public const string ProgramFields =
        "title basePoints baseGrowth streakRewards { day points growth } streakRepeatDays cumulativeRewards { count points growth } cycle makeUp { enabled maxDaysBack maxPerCycle costPoints } timeZone";

    public const string RecordFields = "record { id date kind streak pointsAwarded growthAwarded costPoints rewards { kind day points growth } } errors { code message field }";

    /// <summary>2026-11-23 10:00 in Shanghai, a Monday.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    public TestClock Clock { get; } = new(Start);
    public ShopAppFactory App { get; }

    public CheckInApp()
    {
        App = new ShopAppFactory().WithSetting("Shop:Auth:MemberTokenLifetime", "3650.00:00:00")
            .WithServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public void SetNow(DateTimeOffset instant) => Clock.SetUtcNow(instant);

    /// <summary>Sets the clock to 10:00 Shanghai time on a local day.</summary>
    public void SetDay(string day) => Clock.SetUtcNow(DateTimeOffset.Parse(day + "T10:00:00+08:00"));

    public static object DemoProgram(Action<JsonObject>? change = null)
    {
        var program = new JsonObject
        {
            ["title"] = "Daily check-in",
            ["basePoints"] = 5,
            ["baseGrowth"] = 1,
            ["streakRewards"] = new JsonArray(new JsonObject { ["day"] = 3, ["points"] = 10, ["growth"] = 0 }, new JsonObject { ["day"] = 7, ["points"] = 30, ["growth"] = 5 }),
            ["streakRepeatDays"] = 0,
            ["cumulativeRewards"] = new JsonArray(new JsonObject { ["count"] = 7, ["points"] = 20, ["growth"] = 0 }, new JsonObject { ["count"] = 15, ["points"] = 50, ["growth"] = 0 }, new JsonObject { ["count"] = 28, ["points"] = 100, ["growth"] = 10 }),
            ["cycle"] = "monthly",
            ["makeUp"] = new JsonObject { ["enabled"] = true, ["maxDaysBack"] = 3, ["maxPerCycle"] = 2, ["costPoints"] = 20 },
            ["timeZone"] = "Asia/Shanghai",
        };
        change?.Invoke(program);
        return program;
    }

    public async Task<GraphQLResponse> CreateProgramAsync(object program) =>
        await App.AdminAsync($"mutation($i: CheckInProgramCreateInput!) {{ checkInProgramCreate(input: $i) {{ item {{ id data {{ {ProgramFields} }} }} errors {{ code message field }} }} }}", new { i = program });

    public async Task<string> PublishProgramAsync(object program)
    {
        var created = await CreateProgramAsync(program);
        var id = created.Data!["checkInProgramCreate"]!["item"]!["id"]!.GetValue<string>();
        var published = await App.AdminAsync("mutation($id: ID!) { checkInProgramPublish(input: {id: $id}) { errors { code } } }", new { id });
        Assert.Empty(published.Data!["checkInProgramPublish"]!["errors"]!.AsArray());
        return id;
    }

    /// <summary>Tokens are issued before every day the tests visit and last long enough to outlive them all.</summary>
    private static readonly DateTimeOffset LoginTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Signs in at <see cref="LoginTime"/>, then puts the clock back.</summary>
    public async Task<(string Token, string MemberId)> MemberAsync(string phone)
    {
        var fakeNow = Clock.GetUtcNow();
        Clock.SetUtcNow(LoginTime);
        var token = await App.LoginAsync(phone);
        Clock.SetUtcNow(fakeNow);
        var me = await App.StorefrontAsync("{ me { id } }", token: token);
        return (token, me.Data!["me"]!["id"]!.GetValue<string>());
    }

    public async Task<JsonNode> CheckInAsync(string token, string key)
    {
        var response = await App.StorefrontAsync($"mutation($k: String!) {{ checkIn(input: {{idempotencyKey: $k}}) {{ {RecordFields} }} }}", new { k = key }, token);
        return response.Data?["checkIn"] ?? throw new InvalidOperationException(response.ToString());
    }

    public async Task<JsonNode> MakeUpAsync(string? token, string date, string key)
    {
        var response = await App.StorefrontAsync($"mutation($d: Date!, $k: String!) {{ makeUpCheckIn(input: {{date: $d, idempotencyKey: $k}}) {{ {RecordFields} }} }}", new { d = date, k = key }, token);
        return response.Data?["makeUpCheckIn"] ?? throw new InvalidOperationException(response.ToString());
    }

    public async Task<JsonNode> StatusAsync(string token, string month)
    {
        var response = await App.StorefrontAsync(
            "query($m: String!) { me { checkIn { checkedInToday streak totalDays cycleCount makeUps calendar(month: $m) { date checkedIn kind pointsAwarded streak canMakeUp } } } }",
            new { m = month }, token);
        return response.Data?["me"]?["checkIn"] ?? throw new InvalidOperationException(response.ToString());
    }

    /// <summary>Gives the member points through the points module's admin adjustment.</summary>
    public async Task CreditAsync(string memberId, long points)
    {
        var response = await App.AdminAsync(
            "mutation($m: ID!, $p: Long!, $k: String!) { pointsAdjust(input: {memberId: $m, points: $p, reason: \"test credit\", idempotencyKey: $k}) { errors { code message } } }",
            new { m = memberId, p = points, k = Guid.NewGuid().ToString("N") });
        Assert.True(response.Data?["pointsAdjust"]?["errors"]?.AsArray().Count == 0, response.ToString());
    }

    public async Task<long> PointsAsync(string token) =>
        (await App.StorefrontAsync("{ me { points { balance } } }", token: token)).Data!["me"]!["points"]!.Long("balance");

    public async Task<long> GrowthAsync(string token) =>
        (await App.StorefrontAsync("{ me { tier { growthValue } } }", token: token)).Data!["me"]!["tier"]!.Long("growthValue");

    public void Dispose() => App.Dispose();
}

public static class Json
{
    public static string Code(this JsonNode payload) => payload["errors"]!.AsArray().Single()!["code"]!.GetValue<string>();

    public static void NoErrors(this JsonNode payload) => Assert.True(payload["errors"]!.AsArray().Count == 0, payload.ToJsonString());

    public static JsonNode Record(this JsonNode payload) => payload["record"] ?? throw new InvalidOperationException(payload.ToJsonString());

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();

    public static long Long(this JsonNode node, string name) => node[name]!.GetValue<long>();
}
