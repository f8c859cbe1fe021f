using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Framework.Seeding;
using Shop.PointsMall.Seeding;

namespace Shop.PointsMall.Tests;

public class DemoSeederTests
{
    private static async Task SeedTwiceAsync(MallApp app)
    {
        var seeder = app.App.Services.GetServices<IDemoSeeder>().OfType<MallDemoSeeder>().Single();
        foreach (var _ in new[] { 1, 2 })
        {
            using var scope = app.App.Services.CreateScope();
            if (await seeder.IsEmptyAsync(scope.ServiceProvider))
                await seeder.SeedAsync(scope.ServiceProvider, new SeedOptions(0), new Progress<SeedProgress>(), CancellationToken.None);
        }
    }

    private const string Rewards = "{ rewards { totalCount edges { node { id title kind stockLeft } } } }";

    [Fact]
    public async Task Without_a_coupon_template_the_seeder_publishes_goods_and_codes_once()
    {
        using var app = new MallApp();
        _ = app.App.Server;

        await SeedTwiceAsync(app);
        var rewards = (await app.App.StorefrontAsync(Rewards)).Data!["rewards"]!;

        Assert.Equal(2, rewards["totalCount"]!.GetValue<int>());
        var nodes = rewards["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal(["goods", "virtual"], nodes.Select(n => n.Str("kind")).Order());
        Assert.All(nodes, n => Assert.True(n.Long("stockLeft") > 0));
        var card = nodes.Single(n => n.Str("kind") == "virtual");
        Assert.Equal(card.Long("stockLeft"), (await app.StockAsync(card.Str("id"))).Long("codesAvailable"));
        var (token, _) = await app.MemberWithPointsAsync("13700000001", 5_000);
        var redeemed = await app.RedeemAsync(token, card.Str("id"), "demo-1");
        Assert.StartsWith("DEMO-", redeemed.Redemption()["codes"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task With_a_published_coupon_template_it_adds_a_coupon_reward()
    {
        using var app = new MallApp();
        _ = app.App.Server;
        // The coupons module is built on another branch; its published template is a content row like any other.
        using (var scope = app.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DbSession>().ExecuteAsync(
                "INSERT INTO content_items (version_id, item_id, content_type, version, latest, published, archived, display_text, data, created_at, modified_at, published_at, author) " +
                "VALUES ('cv_tpl', @id, 'couponTemplate', 1, @t, @t, @f, '满100减10', '{}', 0, 0, 0, 'test')",
                new { id = FakeCouponIssuer.Template, t = true, f = false });
        }

        await SeedTwiceAsync(app);
        var rewards = (await app.App.StorefrontAsync(Rewards)).Data!["rewards"]!;
        var coupon = rewards["edges"]!.AsArray().Select(e => e!["node"]!).Single(n => n.Str("kind") == "coupon");
        var (token, _) = await app.MemberWithPointsAsync("13700000002", 5_000);

        Assert.Equal(3, rewards["totalCount"]!.GetValue<int>());
        Assert.Contains("满100减10", coupon.Str("title"));
        Assert.Single((await app.RedeemAsync(token, coupon.Str("id"), "demo-coupon")).Redemption()["couponIds"]!.AsArray());
    }
}
