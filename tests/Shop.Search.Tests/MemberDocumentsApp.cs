using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shop.Framework.Data;
using Shop.Framework.Search;
using Shop.Testing;

namespace Shop.Search.Tests;

/// <summary>
/// Every module that feeds the members index, on a fake clock, with a ladder of two tiers (the
/// second gives 50 points on reaching it), a check-in programme and a claimable coupon; the
/// member journeys go through the public APIs the way a storefront and the commerce system would.
/// </summary>
public sealed class MemberDocumentsApp : ShopAppFactory
{
    /// <summary>2026-11-23 10:00 in Shanghai, a Monday.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    public const string Errors = "errors { code message field }";

    public FakeTimeProvider Clock { get; } = new(Start);
    private int _phones;
    private readonly string _phonePrefix = $"137{Random.Shared.Next(10_000, 99_999)}";

    public MemberDocumentsApp()
    {
        WithSetting("Shop:Auth:MemberTokenLifetime", "3650.00:00:00");
        WithServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public IndexingWorker Worker => Services.GetRequiredService<IndexingWorker>();

    public SearchRebuilder Rebuilder => Services.GetRequiredService<SearchRebuilder>();

    /// <summary>Tiers, a check-in programme and a coupon template; returns the template id.</summary>
    public async Task<string> PublishProgrammesAsync()
    {
        await PublishAsync("tier", Ok(await AdminAsync(
            "mutation { tierCreate(input: {level: 1, name: \"普通会员\", threshold: 0, benefits: {discountPercent: 0, pointsMultiplierPercent: 100, " +
            $"freeShipping: false, upgradeGiftPoints: 0, birthdayPoints: 0}}}}) {{ item {{ id }} {Errors} }} }}"), "tierCreate"));
        await PublishAsync("tier", Ok(await AdminAsync(
            "mutation { tierCreate(input: {level: 2, name: \"白银会员\", threshold: 100, benefits: {discountPercent: 0, pointsMultiplierPercent: 100, " +
            $"freeShipping: false, upgradeGiftPoints: 50, birthdayPoints: 0}}}}) {{ item {{ id }} {Errors} }} }}"), "tierCreate"));
        var program = new JsonObject
        {
            ["title"] = "Daily check-in", ["basePoints"] = 5, ["baseGrowth"] = 1, ["streakRewards"] = new JsonArray(), ["streakRepeatDays"] = 0,
            ["cumulativeRewards"] = new JsonArray(), ["cycle"] = "monthly", ["timeZone"] = "Asia/Shanghai",
            ["makeUp"] = new JsonObject { ["enabled"] = true, ["maxDaysBack"] = 3, ["maxPerCycle"] = 2, ["costPoints"] = 0 },
        };
        await PublishAsync("checkInProgram", Ok(await AdminAsync(
            $"mutation($i: CheckInProgramCreateInput!) {{ checkInProgramCreate(input: $i) {{ item {{ id }} {Errors} }} }}", new { i = program }), "checkInProgramCreate"));
        var template = new JsonObject
        {
            ["title"] = "满100减10",
            ["rules"] = new JsonObject
            {
                ["kind"] = "thresholdMinus", ["thresholdFen"] = 100_00, ["discountFen"] = 10_00, ["percentOff"] = 0, ["maxDiscountFen"] = 0,
                ["scope"] = new JsonObject { ["kind"] = "all", ["categoryIds"] = new JsonArray(), ["skus"] = new JsonArray(), ["excludedCategoryIds"] = new JsonArray(), ["excludedSkus"] = new JsonArray() },
                ["stacking"] = new JsonObject { ["withOtherCoupons"] = false, ["withPoints"] = true },
            },
            ["validity"] = new JsonObject { ["mode"] = "relative", ["days"] = 30, ["startNextDay"] = false },
            ["totalQuantity"] = 0, ["perMemberLimit"] = 5, ["tierMinimum"] = 0, ["channels"] = new JsonArray("claim"),
            ["spendGiftMinimumFen"] = 0, ["tierUpgradeLevel"] = 0,
        };
        var templateId = Ok(await AdminAsync(
            $"mutation($i: CouponTemplateCreateInput!) {{ couponTemplateCreate(input: $i) {{ item {{ id }} {Errors} }} }}", new { i = template }), "couponTemplateCreate");
        await PublishAsync("couponTemplate", templateId);
        return templateId;
    }

    /// <summary>Signs a new member in with the dev provider (phone login), as the storefront does.</summary>
    public async Task<(string Token, string MemberId)> RegisterAsync()
    {
        var token = await LoginAsync(_phonePrefix + Interlocked.Increment(ref _phones).ToString("000"));
        var me = await StorefrontAsync("{ me { id } }", token: token);
        return (token, me.Data!["me"]!["id"]!.GetValue<string>());
    }

    public async Task UpdateProfileAsync(string memberId, object profile)
    {
        var input = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(profile))!.AsObject();
        input["id"] = memberId;
        var response = await AdminAsync($"mutation($i: MemberUpdateInput!) {{ memberUpdate(input: $i) {{ member {{ id }} {Errors} }} }}", new { i = input });
        NoErrors(response, "memberUpdate");
    }

    public async Task<string> ClaimAsync(string token, string templateId)
    {
        var response = await StorefrontAsync($"mutation($t: ID!, $k: String!) {{ claimCoupon(input: {{templateId: $t, idempotencyKey: $k}}) {{ coupon {{ id }} {Errors} }} }}",
            new { t = templateId, k = Guid.NewGuid().ToString("N") }, token);
        NoErrors(response, "claimCoupon");
        return response.Data!["claimCoupon"]!["coupon"]!["id"]!.GetValue<string>();
    }

    /// <summary>The commerce system reports an order paid now: one line of <paramref name="amountFen"/> cash.</summary>
    public async Task PayAsync(string memberId, string orderId, long amountFen, long shippingFeeFen = 0, params string[] couponIds)
    {
        var response = await AdminAsync($"mutation($i: OrderInput!) {{ orderPaid(input: $i) {{ order {{ id }} {Errors} }} }}", new
        {
            i = new
            {
                orderId, memberId, shippingFeeFen, couponIds,
                lines = new[] { new { lineId = "l1", sku = "sku-1", categoryIds = Array.Empty<string>(), quantity = 1, amountFen } },
            },
        });
        NoErrors(response, "orderPaid");
    }

    public async Task RefundAsync(string orderId, string refundId, long amountFen)
    {
        var response = await AdminAsync($"mutation($i: OrderRefundInput!) {{ orderRefunded(input: $i) {{ refund {{ id }} {Errors} }} }}",
            new { i = new { orderId, refundId, lines = new[] { new { lineId = "l1", amountFen, quantity = 0 } } } });
        NoErrors(response, "orderRefunded");
    }

    public async Task CheckInAsync(string token)
    {
        var response = await StorefrontAsync($"mutation($k: String!) {{ checkIn(input: {{idempotencyKey: $k}}) {{ record {{ id }} {Errors} }} }}",
            new { k = Guid.NewGuid().ToString("N") }, token);
        NoErrors(response, "checkIn");
    }

    /// <summary>Runs <paramref name="work"/> in one unit of work, as a request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, DbSession, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<DbSession>());
    }

    /// <summary>Ids of the members the query finds in the live members index, in id order.</summary>
    public Task<IReadOnlyList<string>> FindAsync(SearchQuery query) => InScopeAsync<IReadOnlyList<string>>(async (sp, _) =>
    {
        var results = await sp.GetRequiredService<SearchCatalog>().Open(SearchIndexes.Members)
            .SearchAsync(new SearchRequest(query) { Size = 1000 });
        return results.Hits.Select(h => h.Id).Order(StringComparer.Ordinal).ToList();
    });

    public Task<long> CountAsync(SearchQuery query) =>
        InScopeAsync((sp, _) => sp.GetRequiredService<SearchCatalog>().Open(SearchIndexes.Members).CountAsync(query));

    /// <summary>The documents the catalog builds from the database now (source plus contributors).</summary>
    public Task<IReadOnlyList<SearchDocument>> BuildAsync(IReadOnlyList<string> ids) =>
        InScopeAsync((sp, _) => sp.GetRequiredService<SearchCatalog>().BuildAsync(SearchIndexes.Members, ids));

    public Task<SearchIndexDefinition> DefinitionAsync() =>
        InScopeAsync((sp, _) => Task.FromResult(sp.GetRequiredService<SearchCatalog>().Definition(SearchIndexes.Members)));

    public Task<long> PendingAsync(string memberId) =>
        InScopeAsync((_, db) => db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM search_tasks WHERE index_name = @index AND document_id = @memberId", new { index = SearchIndexes.Members, memberId }));

    private async Task PublishAsync(string type, string id)
    {
        var response = await AdminAsync($"mutation($id: ID!) {{ {type}Publish(input: {{id: $id}}) {{ {Errors} }} }}", new { id });
        NoErrors(response, type + "Publish");
    }

    private static string Ok(GraphQLResponse response, string field)
    {
        NoErrors(response, field);
        return response.Data![field]!["item"]!["id"]!.GetValue<string>();
    }

    private static void NoErrors(GraphQLResponse response, string field) =>
        Assert.True(response.Data?[field]?["errors"]?.AsArray().Count == 0, response.ToString());
}
