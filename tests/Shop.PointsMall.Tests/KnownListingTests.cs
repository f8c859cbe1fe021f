using Microsoft.Extensions.DependencyInjection;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.Tests;

/// <summary>
/// Redemptions that go by the version this process knew (<see cref="ListedRewardVersions"/>)
/// when another node has since republished, archived or sold the reward out. This process
/// forgets what it knew when it publishes or archives itself; putting the old version back
/// after such a change leaves it exactly where a node that did not make the change stands.
/// </summary>
public class KnownListingTests(MallFixture fixture) : IClassFixture<MallFixture>
{
    private readonly MallApp _app = fixture.App;
    private ListedRewardVersions Known => _app.App.Services.GetRequiredService<ListedRewardVersions>();

    private void KnowStale(string rewardId, string versionId) =>
        Known.Saw(new RewardRow { RewardId = rewardId, VersionId = versionId, Listed = true, StockLeft = 1 });

    [Fact]
    public async Task A_reward_republished_elsewhere_is_redeemed_at_its_new_price()
    {
        var rewardId = await _app.PublishRewardAsync("Republished flask", r => r["initialStock"] = 10);
        var (token, _) = await _app.MemberWithPointsAsync("13951000001", 1_000);
        (await _app.RedeemAsync(token, rewardId, "first")).NoErrors();
        var first = Known.VersionOf(rewardId);
        Assert.NotNull(first);

        var updated = await _app.App.AdminAsync("mutation($i: RewardUpdateInput!) { rewardUpdate(input: $i) { errors { code } } }",
            new { i = MallApp.Reward("Republished flask", r => { r["id"] = rewardId; r["pointsPrice"] = 250; }) });
        Assert.Empty(updated.Data!["rewardUpdate"]!["errors"]!.AsArray());
        (await _app.PublishAsync(rewardId)).NoErrors();
        Assert.Null(Known.VersionOf(rewardId));
        KnowStale(rewardId, first!);

        var second = await _app.RedeemAsync(token, rewardId, "second");

        second.NoErrors();
        Assert.Equal(250, second.Redemption().Long("pointsSpent"));
        Assert.Equal(650, await _app.PointsAsync(token));
        Assert.Equal(8, (await _app.StockAsync(rewardId)).Long("stockLeft"));
        var current = Known.VersionOf(rewardId);
        Assert.NotNull(current);
        Assert.NotEqual(first, current);
        var versions = await _app.App.AdminAsync("query($r: ID!) { redemptions(filter: {rewardId: $r}) { edges { node { rewardVersionId } } } }", new { r = rewardId });
        Assert.Contains(current, versions.Data!["redemptions"]!["edges"]!.AsArray().Select(e => e!["node"]!.Str("rewardVersionId")));
        Assert.Empty(await _app.PointsViolationsAsync());
    }

    [Fact]
    public async Task A_reward_archived_elsewhere_is_not_redeemed_from_the_known_version()
    {
        var rewardId = await _app.PublishRewardAsync("Archived flask");
        var (token, _) = await _app.MemberWithPointsAsync("13951000002", 1_000);
        (await _app.RedeemAsync(token, rewardId, "before")).NoErrors();
        var known = Known.VersionOf(rewardId)!;

        var archived = await _app.App.AdminAsync("mutation($id: ID!) { rewardArchive(input: {id: $id}) { errors { code } } }", new { id = rewardId });
        Assert.Empty(archived.Data!["rewardArchive"]!["errors"]!.AsArray());
        KnowStale(rewardId, known);

        var after = await _app.RedeemAsync(token, rewardId, "after");

        Assert.Equal("NOT_FOUND", after.Code());
        Assert.Equal(900, await _app.PointsAsync(token));
        Assert.Equal(9, (await _app.StockAsync(rewardId)).Long("stockLeft"));
        Assert.Null(Known.VersionOf(rewardId));
        Assert.Empty(await _app.PointsViolationsAsync());
    }

    [Fact]
    public async Task A_known_reward_sold_out_elsewhere_is_refused_forgotten_and_known_again_when_restocked()
    {
        var rewardId = await _app.PublishRewardAsync("Last flasks", r => r["initialStock"] = 2);
        var (first, _) = await _app.MemberWithPointsAsync("13951000003", 1_000);
        var (second, _) = await _app.MemberWithPointsAsync("13951000004", 1_000);
        (await _app.RedeemAsync(first, rewardId, "one")).NoErrors();
        Assert.NotNull(Known.VersionOf(rewardId));
        // The merchant's stock cut stands in for the last unit going on another node: it leaves what this process knows alone.
        (await _app.AdjustStockAsync(rewardId, -1, "cut-last")).NoErrors();
        Assert.NotNull(Known.VersionOf(rewardId));

        var soldOut = await _app.RedeemAsync(second, rewardId, "two");

        Assert.Equal("OUT_OF_STOCK", soldOut.Code());
        Assert.Equal(1_000, await _app.PointsAsync(second));
        Assert.Null(Known.VersionOf(rewardId));
        var stillOut = await _app.RedeemAsync(second, rewardId, "three");
        Assert.Equal("OUT_OF_STOCK", stillOut.Code());
        Assert.Null(Known.VersionOf(rewardId));

        (await _app.AdjustStockAsync(rewardId, 3, "restock")).NoErrors();
        var restocked = await _app.RedeemAsync(second, rewardId, "four");

        restocked.NoErrors();
        Assert.Equal(900, await _app.PointsAsync(second));
        Assert.Equal(2, (await _app.StockAsync(rewardId)).Long("stockLeft"));
        Assert.NotNull(Known.VersionOf(rewardId));
        Assert.Empty(await _app.PointsViolationsAsync());
    }

    [Fact]
    public void Only_a_listed_reward_with_stock_is_known()
    {
        var known = new ListedRewardVersions();
        known.Saw(new RewardRow { RewardId = "r1", VersionId = "v1", Listed = true, StockLeft = 3 });
        known.Saw(new RewardRow { RewardId = "r2", VersionId = "v1", Listed = true, StockLeft = 0 });
        known.Saw(new RewardRow { RewardId = "r3", VersionId = "v1", Listed = false, StockLeft = 3 });
        Assert.Equal("v1", known.VersionOf("r1"));
        Assert.Null(known.VersionOf("r2"));
        Assert.Null(known.VersionOf("r3"));

        known.Saw(new RewardRow { RewardId = "r1", VersionId = "v2", Listed = true, StockLeft = 3 });
        Assert.Equal("v2", known.VersionOf("r1"));
        known.Saw(new RewardRow { RewardId = "r1", VersionId = "v2", Listed = true, StockLeft = 0 });
        Assert.Null(known.VersionOf("r1"));
        known.Saw(new RewardRow { RewardId = "r1", VersionId = "v2", Listed = true, StockLeft = 3 });
        known.Forget("r1");
        Assert.Null(known.VersionOf("r1"));
    }
}
