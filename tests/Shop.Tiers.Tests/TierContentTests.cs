using Shop.Testing;

namespace Shop.Tiers.Tests;

public sealed class TierContentFixture : IDisposable
{
    public ShopAppFactory App { get; } = new();
    public void Dispose() => App.Dispose();
}

/// <summary>Tiers are content: validated, and published only when they fit the published ladder.</summary>
public class TierContentTests(TierContentFixture fixture) : IClassFixture<TierContentFixture>
{
    private readonly ShopAppFactory _app = fixture.App;

    [Fact]
    public async Task Publishing_refuses_thresholds_that_do_not_increase_and_duplicate_levels()
    {
        await TierApi.PublishTierAsync(_app, 11, "L11", 110_000);
        await TierApi.PublishTierAsync(_app, 13, "L13", 130_000);

        var equal = await TierApi.CreateTierAsync(_app, 12, "equal", 110_000);
        var refusedEqual = await TierApi.PublishAsync(_app, "tier", equal["item"]!["id"]!.GetValue<string>());
        var above = await TierApi.CreateTierAsync(_app, 12, "above", 140_000);
        var refusedAbove = await TierApi.PublishAsync(_app, "tier", above["item"]!["id"]!.GetValue<string>());
        var duplicate = await TierApi.CreateTierAsync(_app, 13, "again", 135_000);
        var refusedDuplicate = await TierApi.PublishAsync(_app, "tier", duplicate["item"]!["id"]!.GetValue<string>());
        var fits = await TierApi.CreateTierAsync(_app, 12, "fits", 120_000);
        var accepted = await TierApi.PublishAsync(_app, "tier", fits["item"]!["id"]!.GetValue<string>());

        Assert.Equal("threshold", refusedEqual["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("VALIDATION", refusedEqual["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("threshold", refusedAbove["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("level", refusedDuplicate["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Empty(accepted["errors"]!.AsArray());
        Assert.Equal("PUBLISHED", accepted["item"]!["status"]!.GetValue<string>());
        var draft = await _app.AdminAsync("query($id: ID!) { tier(id: $id) { status } }", new { id = equal["item"]!["id"]!.GetValue<string>() });
        Assert.Equal("DRAFT", draft.Data!["tier"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_tiers_are_refused_per_field()
    {
        var created = await TierApi.CreateTierAsync(_app, 0, "", -1, discount: 101, multiplier: 50);

        var fields = created["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(["benefits.discountPercent", "benefits.pointsMultiplierPercent", "level", "name", "threshold"], fields.Order());
        Assert.Null(created["item"]);
    }

    [Fact]
    public async Task Storefront_lists_only_published_tiers_by_level()
    {
        await TierApi.PublishTierAsync(_app, 22, "L22", 220_000, gift: 5, multiplier: 150);
        await TierApi.PublishTierAsync(_app, 21, "L21", 210_000);
        await TierApi.CreateTierAsync(_app, 23, "draft", 230_000);

        var response = await _app.StorefrontAsync("{ tiers { level name threshold benefits { pointsMultiplierPercent upgradeGiftPoints freeShipping } } }");

        var levels = response.Data!["tiers"]!.AsArray().Select(t => t!["level"]!.GetValue<int>()).ToList();
        Assert.Equal(levels.Order(), levels);
        Assert.Contains(21, levels);
        Assert.DoesNotContain(23, levels);
        var l22 = response.Data["tiers"]!.AsArray().Single(t => t!["level"]!.GetValue<int>() == 22)!;
        Assert.Equal(150, l22["benefits"]!["pointsMultiplierPercent"]!.GetValue<int>());
        Assert.Equal(5, l22["benefits"]!["upgradeGiftPoints"]!.GetValue<long>());
    }

    [Fact]
    public async Task Programme_settings_are_validated()
    {
        var response = await _app.AdminAsync(
            "mutation { tierProgramCreate(input: {reviewPeriod: \"weekly\", retentionMonths: 0, downgradeMode: \"all\"}) { item { id } errors { field } } }");

        var fields = response.Data!["tierProgramCreate"]!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>());
        Assert.Equal(["downgradeMode", "retentionMonths", "reviewPeriod"], fields.Order());
    }
}

public class TierSeederTests
{
    [Fact]
    public async Task Demo_seeder_publishes_a_ladder_and_a_programme_once()
    {
        using var app = new ShopAppFactory();
        var seeder = new Seeding.TiersDemoSeeder();
        var progress = new Progress<Framework.Seeding.SeedProgress>();

        var emptyBefore = await TierApi.InScopeAsync(app, s => seeder.IsEmptyAsync(s));
        await TierApi.InScopeAsync(app, async s => { await seeder.SeedAsync(s, new Framework.Seeding.SeedOptions(0), progress, default); return true; });
        var emptyAfter = await TierApi.InScopeAsync(app, s => seeder.IsEmptyAsync(s));
        await TierApi.InScopeAsync(app, async s => { await seeder.SeedAsync(s, new Framework.Seeding.SeedOptions(0), progress, default); return true; });

        var tiers = await app.StorefrontAsync("{ tiers { level name threshold } }");
        Assert.True(emptyBefore);
        Assert.False(emptyAfter);
        Assert.Equal(["普通会员", "白银会员", "黄金会员", "铂金会员", "钻石会员"], tiers.Data!["tiers"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        var programs = await app.AdminAsync("{ tierPrograms(status: PUBLISHED) { totalCount edges { node { data { reviewPeriod } } } } }");
        Assert.Equal(1, programs.Data!["tierPrograms"]!["totalCount"]!.GetValue<int>());
        Assert.Equal("yearly", programs.Data["tierPrograms"]!["edges"]![0]!["node"]!["data"]!["reviewPeriod"]!.GetValue<string>());
    }
}
