using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shop.Audiences.Services;
using Shop.Framework.Search;
using Shop.Testing;

namespace Shop.Audiences.Tests;

/// <summary>A host on a fake clock with helpers for members, orders, tags, the indexing worker and audience jobs.</summary>
public sealed class AudiencesApp : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    public const string Errors = "errors { code message field }";

    public FakeTimeProvider Clock { get; } = new(Start);
    public ShopAppFactory App { get; }
    private int _members;

    public AudiencesApp(Action<IServiceCollection>? services = null)
    {
        App = new ShopAppFactory().WithSetting("Shop:Auth:MemberTokenLifetime", "3650.00:00:00")
            .WithServices(s =>
            {
                s.AddSingleton<TimeProvider>(Clock);
                services?.Invoke(s);
            });
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Applies every queued indexing task.</summary>
    public Task DrainAsync() => App.Services.GetRequiredService<IndexingWorker>().DrainAsync();

    public async Task<string> MemberAsync(string? name = null, string? city = null)
    {
        var n = Interlocked.Increment(ref _members);
        var response = await App.AdminAsync($"mutation($i: MemberCreateInput!) {{ memberCreate(input: $i) {{ member {{ id }} {Errors} }} }}",
            new { i = new { displayName = name ?? $"会员{n}", city } });
        return response.Data?["memberCreate"]?["member"]?["id"]?.GetValue<string>() ?? throw new InvalidOperationException(response.ToString());
    }

    public async Task PayAsync(string memberId, string orderId, long fen, DateTimeOffset? paidAt = null)
    {
        var response = await App.AdminAsync($"mutation($i: OrderInput!) {{ orderPaid(input: $i) {{ {Errors} }} }}", new
        {
            i = new { orderId, memberId, paidAt = paidAt ?? Clock.GetUtcNow(), lines = new[] { new { lineId = "l1", sku = "SKU", quantity = 1, amountFen = fen } } },
        });
        response.Data!["orderPaid"]!.NoErrors();
    }

    public async Task<string> PublishAsync(string type, object model)
    {
        var typeName = char.ToUpperInvariant(type[0]) + type[1..];
        var created = await App.AdminAsync($"mutation($i: {typeName}CreateInput!) {{ {type}Create(input: $i) {{ item {{ id }} {Errors} }} }}", new { i = model });
        var id = created.Data?[$"{type}Create"]?["item"]?["id"]?.GetValue<string>() ?? throw new InvalidOperationException(created.ToString());
        var published = await App.AdminAsync($"mutation($id: ID!) {{ {type}Publish(input: {{id: $id}}) {{ {Errors} }} }}", new { id });
        published.Data![$"{type}Publish"]!.NoErrors();
        return id;
    }

    /// <summary>A published cash coupon template (5 yuan unless told otherwise), one per member.</summary>
    public Task<string> CouponTemplateAsync(string[] channels, string? audienceId = null, string title = "audience coupon", long discountFen = 500) =>
        PublishAsync("couponTemplate", new
        {
            title,
            rules = new
            {
                kind = "cash", thresholdFen = 0, discountFen, percentOff = 0, maxDiscountFen = 0,
                scope = new { kind = "all", categoryIds = Array.Empty<string>(), skus = Array.Empty<string>(), excludedCategoryIds = Array.Empty<string>(), excludedSkus = Array.Empty<string>() },
                stacking = new { withOtherCoupons = false, withPoints = true },
            },
            validity = new { mode = "relative", days = 7, startNextDay = false },
            totalQuantity = 0, perMemberLimit = 1, tierMinimum = 0, spendGiftMinimumFen = 0, tierUpgradeLevel = 0,
            audienceId, channels,
        });

    public Task<string> TagAsync(string key, object? rule = null) =>
        PublishAsync("tag", new { key, label = key, category = "test", kind = rule is null ? "manual" : "rule", rule });

    public static object Rule(string match, params (string Field, string Op, string[] Values)[] conditions) =>
        new { match, conditions = conditions.Select(c => new { field = c.Field, @operator = c.Op, values = c.Values }) };

    public Task<string> AudienceAsync(string name, object rule, string mode = "dynamic") =>
        PublishAsync("audience", new { name, mode, rule });

    public async Task<JsonNode> TagMembersAsync(IReadOnlyList<string> memberIds, string[]? add = null, string[]? remove = null)
    {
        var response = await App.AdminAsync($"mutation($i: MemberTagBulkInput!) {{ memberTagBulk(input: $i) {{ members {{ memberId tags }} {Errors} }} }}",
            new { i = new { memberIds, add = add ?? [], remove = remove ?? [] } });
        return response.Data?["memberTagBulk"] ?? throw new InvalidOperationException(response.ToString());
    }

    /// <summary>
    /// Publishes the manual tag <paramref name="tag"/>, registers <paramref name="count"/> members, tags the
    /// first <paramref name="tagged"/> of them (all by default) and waits until the index has them.
    /// </summary>
    public async Task<List<string>> TaggedMembersAsync(string tag, int count, int? tagged = null)
    {
        await TagAsync(tag);
        var members = new List<string>();
        for (var i = 0; i < count; i++) members.Add(await MemberAsync());
        var holders = members.Take(tagged ?? count).ToList();
        var result = await TagMembersAsync(holders, add: [tag]);
        if (result["errors"]!.AsArray().Count > 0) throw new InvalidOperationException(result.ToJsonString());
        await DrainAsync();
        return members;
    }

    public async Task<JsonNode> PreviewAsync(object rule, int sample = 10)
    {
        var response = await App.AdminAsync($"query($r: AudienceRuleInput!, $s: Int) {{ audiencePreview(rule: $r, sample: $s) {{ count sample {{ id displayName }} {Errors} }} }}",
            new { r = rule, s = sample });
        return response.Data?["audiencePreview"] ?? throw new InvalidOperationException(response.ToString());
    }

    public async Task<long> CountAsync(object rule)
    {
        var preview = await PreviewAsync(rule, 0);
        preview.NoErrors();
        return preview["count"]!.GetValue<long>();
    }

    public Task EvaluateRuleTagsAsync() => InScopeAsync(async sp => await sp.GetRequiredService<RuleTagService>().EvaluateAsync());

    public Task<RfmService.RfmRun> RecomputeRfmAsync() => InScopeAsync(sp => sp.GetRequiredService<RfmService>().RecomputeAsync());

    public Task RunJobsAsync() => InScopeAsync(async sp => { await sp.GetRequiredService<AudienceJobRunner>().RunAsync(TimeSpan.FromMinutes(5)); return true; });

    public void Dispose() => App.Dispose();
}

public static class Json
{
    public static string Code(this JsonNode payload) => payload["errors"]!.AsArray().First()!["code"]!.GetValue<string>();

    public static void NoErrors(this JsonNode payload) => Assert.True(payload["errors"]!.AsArray().Count == 0, payload.ToJsonString());

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();

    public static long Long(this JsonNode node, string name) => node[name]!.GetValue<long>();
}
