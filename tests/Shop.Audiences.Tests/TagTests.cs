namespace Shop.Audiences.Tests;

public sealed class TagTests : IDisposable
{
    private readonly AudiencesApp _app = new();

    public void Dispose() => _app.Dispose();

    private static object Tags(params string[] keys) => AudiencesApp.Rule("all", ("tags", "in", keys));

    [Fact]
    public async Task Manual_tags_in_bulk_reach_the_index_after_the_worker_runs()
    {
        await _app.TagAsync("vip");
        await _app.TagAsync("tea");
        var a = await _app.MemberAsync("王小明");
        var b = await _app.MemberAsync();
        var c = await _app.MemberAsync();

        var tagged = await _app.TagMembersAsync([a, b], add: ["vip", "tea"]);
        tagged.NoErrors();
        Assert.Equal(0, await _app.CountAsync(Tags("vip")));
        await _app.DrainAsync();

        Assert.Equal(2, await _app.CountAsync(Tags("vip")));
        Assert.Equal(2, await _app.CountAsync(AudiencesApp.Rule("all", ("tags", "all", ["vip", "tea"]))));
        (await _app.TagMembersAsync([b], remove: ["vip"])).NoErrors();
        await _app.DrainAsync();
        var preview = await _app.PreviewAsync(Tags("vip"));
        Assert.Equal(1, preview.Long("count"));
        Assert.Equal("王小明", preview["sample"]![0]!.Str("displayName"));
        Assert.Equal(3, await _app.CountAsync(AudiencesApp.Rule("all")));
        Assert.NotNull(c);

        var member = await _app.App.AdminAsync("query($id: ID!) { member(id: $id) { tags } }", new { id = a });
        Assert.Equal(["tea", "vip"], member.Data!["member"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Unknown_and_rule_tags_cannot_be_set_by_hand_and_members_never_see_their_tags()
    {
        await _app.TagAsync("big", AudiencesApp.Rule("all", ("total_paid_fen", "gte", ["100"])));
        var a = await _app.MemberAsync();

        Assert.Equal("NOT_FOUND", (await _app.TagMembersAsync([a], add: ["ghost"])).Code());
        Assert.Equal("VALIDATION", (await _app.TagMembersAsync([a], add: ["big"])).Code());
        await _app.TagAsync("vip");
        var ghost = await _app.TagMembersAsync(["mem_ghost"], add: ["vip"]);
        Assert.Equal("NOT_FOUND", ghost.Code());
        Assert.Equal("memberIds", ghost["errors"]![0]!.Str("field"));
        Assert.Equal("VALIDATION", (await _app.TagMembersAsync([a])).Code());

        var token = await _app.App.LoginAsync("13700001111");
        var mine = await _app.App.StorefrontAsync("{ me { id tags } }", token: token);
        var sdl = await _app.App.CreateClient().GetStringAsync("/graphql/schema.graphql");
        // The storefront schema has no staff-only fields at all: asking for one is a validation error.
        Assert.Equal(400, mine.Status);
        Assert.Equal("FIELDS_ON_CORRECT_TYPE", mine.FirstErrorCode);
        Assert.DoesNotContain("rfm", sdl);
        Assert.Contains("displayName", sdl);
    }

    [Fact]
    public async Task Rule_tags_follow_their_rule_as_members_change_and_as_time_passes()
    {
        await _app.TagAsync("big-spender", AudiencesApp.Rule("all", ("total_paid_fen", "gte", ["50000"])));
        await _app.TagAsync("lapsed", AudiencesApp.Rule("all", ("last_order_at", "lte", ["now-180d"])));
        var rich = await _app.MemberAsync();
        var modest = await _app.MemberAsync();
        await _app.PayAsync(rich, "o-rich", 600_00);
        await _app.PayAsync(modest, "o-modest", 100_00);

        // No scheduled pass: reindexing the changed members rechecks their rule tags.
        await _app.DrainAsync();
        Assert.Equal(1, await _app.CountAsync(Tags("big-spender")));
        Assert.Equal(0, await _app.CountAsync(Tags("lapsed")));

        var refund = await _app.App.AdminAsync("mutation { orderRefunded(input: {orderId: \"o-rich\", refundId: \"r1\", lines: [{lineId: \"l1\", quantity: 1, amountFen: 20000}]}) { errors { code } } }");
        refund.Data!["orderRefunded"]!.NoErrors();
        await _app.DrainAsync();
        Assert.Equal(0, await _app.CountAsync(Tags("big-spender")));

        // Time alone changes no member: the scheduled pass catches the rule that moved with the clock.
        _app.Clock.Advance(TimeSpan.FromDays(181));
        await _app.DrainAsync();
        Assert.Equal(0, await _app.CountAsync(Tags("lapsed")));
        await _app.EvaluateRuleTagsAsync();
        await _app.DrainAsync();
        Assert.Equal(2, await _app.CountAsync(Tags("lapsed")));
        var member = await _app.App.AdminAsync("query($id: ID!) { member(id: $id) { tags } }", new { id = modest });
        Assert.Equal(["lapsed"], member.Data!["member"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task A_rule_that_does_not_fit_the_index_is_refused_with_the_condition_path()
    {
        var created = await _app.App.AdminAsync("mutation($i: TagCreateInput!) { tagCreate(input: $i) { item { id } errors { code } } }",
            new { i = new { key = "odd", label = "odd", category = "x", kind = "rule", rule = AudiencesApp.Rule("all", ("shoe_size", "eq", ["42"])) } });
        var id = created.Data!["tagCreate"]!["item"]!.Str("id");

        var published = await _app.App.AdminAsync("mutation($id: ID!) { tagPublish(input: {id: $id}) { errors { code field } } }", new { id });

        var error = published.Data!["tagPublish"]!["errors"]![0]!;
        Assert.Equal("VALIDATION", error.Str("code"));
        Assert.Equal("rule.conditions[0].field", error.Str("field"));
        var preview = await _app.PreviewAsync(AudiencesApp.Rule("all", ("tier_level", "gte", ["three"])));
        Assert.Equal("rule.conditions[0]", preview["errors"]![0]!.Str("field"));
    }
}
