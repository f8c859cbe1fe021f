using Shop.Testing;

namespace Shop.PointsMall.Tests;

/// <summary>The merchant's stock after publishing (adjustments and the code pool), and which staff may read and change rewards.</summary>
public class StockTests(MallFixture fixture) : IClassFixture<MallFixture>
{
    private readonly MallApp _app = fixture.App;

    [Fact]
    public async Task Stock_adjustments_are_idempotent_and_never_go_below_zero()
    {
        var rewardId = await _app.PublishRewardAsync("Adjusted flask", r => r["initialStock"] = 5);

        var added = await _app.AdjustStockAsync(rewardId, 20, "adj-1");
        var replay = await _app.AdjustStockAsync(rewardId, 20, "adj-1");
        var tooMuch = await _app.AdjustStockAsync(rewardId, -26, "adj-2");
        var toZero = await _app.AdjustStockAsync(rewardId, -25, "adj-3");
        var zero = await _app.AdjustStockAsync(rewardId, 0, "adj-4");

        Assert.Equal(25, added["stock"]!.Long("stockLeft"));
        Assert.Equal(25, replay["stock"]!.Long("stockLeft"));
        Assert.Equal(("VALIDATION", "delta"), (tooMuch.Code(), tooMuch["errors"]![0]!.Str("field")));
        Assert.Equal(0, toZero["stock"]!.Long("stockLeft"));
        Assert.Equal("VALIDATION", zero.Code());
        // The refused adjustment left no trace of its key: it can be used again.
        Assert.Equal(10, (await _app.AdjustStockAsync(rewardId, 10, "adj-2"))["stock"]!.Long("stockLeft"));
    }

    [Fact]
    public async Task A_key_reused_with_another_delta_is_refused_and_changes_nothing()
    {
        var rewardId = await _app.PublishRewardAsync("Rekeyed flask", r => r["initialStock"] = 5);
        (await _app.AdjustStockAsync(rewardId, 20, "rekey-1")).NoErrors();

        var reused = await _app.AdjustStockAsync(rewardId, -3, "rekey-1");
        var replay = await _app.AdjustStockAsync(rewardId, 20, "rekey-1");

        Assert.Equal(("VALIDATION", "idempotencyKey"), (reused.Code(), reused["errors"]![0]!.Str("field")));
        Assert.Null(reused["stock"]);
        replay.NoErrors();
        Assert.Equal(25, replay["stock"]!.Long("stockLeft"));
        Assert.Equal(25, (await _app.StockAsync(rewardId)).Long("stockLeft"));
    }

    [Fact]
    public async Task Stock_of_a_reward_never_published_cannot_be_adjusted()
    {
        var draft = (await _app.CreateRewardAsync(MallApp.Reward("Unpublished flask")))["item"]!.Str("id");

        Assert.Equal("NOT_FOUND", (await _app.AdjustStockAsync(draft, 5, "draft-1")).Code());
        var stock = await _app.App.AdminAsync("query($r: ID!) { rewardStock(rewardId: $r) { stockLeft } }", new { r = draft });
        Assert.Null(stock.Data!["rewardStock"]);
    }

    [Fact]
    public async Task Code_uploads_skip_duplicates_within_and_across_uploads()
    {
        var rewardId = await _app.PublishRewardAsync("Coded card", r => r["kind"] = "virtual");
        var goods = await _app.PublishRewardAsync("Uncoded flask");

        var first = await _app.UploadCodesAsync(rewardId, "A-1", " A-2 ", "A-1", "", "A-3");
        var second = await _app.UploadCodesAsync(rewardId, "A-3", "A-4");
        var notVirtual = await _app.UploadCodesAsync(goods, "G-1");
        var badCode = await _app.UploadCodesAsync(rewardId, "line\nbreak");
        var unknown = await _app.UploadCodesAsync("ci_missing", "X-1");

        first.NoErrors();
        Assert.Equal((3, 1, 3L), (first["added"]!.GetValue<int>(), first["duplicates"]!.GetValue<int>(), first.Long("available")));
        Assert.Equal((1, 1, 4L), (second["added"]!.GetValue<int>(), second["duplicates"]!.GetValue<int>(), second.Long("available")));
        Assert.Equal("VALIDATION", notVirtual.Code());
        Assert.Equal("VALIDATION", badCode.Code());
        Assert.Equal("NOT_FOUND", unknown.Code());
        Assert.Equal(4, (await _app.StockAsync(rewardId)).Long("codesAvailable"));
    }

    [Fact]
    public async Task Stock_mutations_need_the_manage_permission()
    {
        var member = await _app.MemberAsync("13980000001");
        var asMember = await _app.App.PostAsync("/admin/graphql", "mutation { rewardStockAdjust(input: {rewardId: \"x\", delta: 1, reason: \"r\", idempotencyKey: \"k\"}) { errors { code } } }",
            null, new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", member.Token));

        Assert.Equal(401, asMember.Status);
    }

    [Fact]
    public async Task Staff_with_only_the_view_permission_read_rewards_but_cannot_edit_them()
    {
        var rewardId = await _app.PublishRewardAsync("Viewed flask");
        var viewer = await StaffKeys.WithAsync(_app.App, "Mall viewer", Permissions.View);

        var list = await _app.App.AdminAsync("{ rewards { totalCount edges { node { id } } } }", auth: viewer);
        var one = await _app.App.AdminAsync("query($id: ID!) { reward(id: $id) { id displayText } }", new { id = rewardId }, viewer);
        var edit = await _app.App.AdminAsync("mutation($id: ID!) { rewardArchive(input: {id: $id}) { errors { code } } }", new { id = rewardId }, viewer);

        Assert.True(list.Status == 200 && list.Errors is null, list.ToString());
        Assert.Contains(list.Data!["rewards"]!["edges"]!.AsArray(), e => e!["node"]!.Str("id") == rewardId);
        Assert.True(one.Status == 200 && one.Errors is null, one.ToString());
        Assert.Equal(rewardId, one.Data!["reward"]!.Str("id"));
        Assert.Equal(403, edit.Status);
        Assert.NotNull((await _app.App.StorefrontAsync("query($id: ID!) { reward(id: $id) { id } }", new { id = rewardId })).Data!["reward"]);
    }
}
