using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Search;

namespace Shop.Audiences.Tests;

/// <summary>A manual tag turned into a rule tag is held by exactly the members the rule matches, and the worker settles.</summary>
public sealed class TagKindChangeTests : IDisposable
{
    private readonly AudiencesApp _app = new();

    public void Dispose() => _app.Dispose();

    private static readonly object VipInShanghai = AudiencesApp.Rule("all", ("city", "eq", ["上海"]));

    private async Task UpdateTagAsync(string id, string kind, object? rule)
    {
        var updated = await _app.App.AdminAsync($"mutation($i: TagUpdateInput!) {{ tagUpdate(input: $i) {{ {AudiencesApp.Errors} }} }}",
            new { i = new { id, key = "vip", label = "vip", category = "test", kind, rule } });
        updated.Data!["tagUpdate"]!.NoErrors();
        var published = await _app.App.AdminAsync($"mutation($id: ID!) {{ tagPublish(input: {{id: $id}}) {{ {AudiencesApp.Errors} }} }}", new { id });
        published.Data!["tagPublish"]!.NoErrors();
    }

    /// <summary>A few worker passes (never DrainAsync: a loop that never settles would hang the test); the last pass's count.</summary>
    private async Task<int> WorkerPassesAsync(int passes = 6)
    {
        var worker = _app.App.Services.GetRequiredService<IndexingWorker>();
        var last = 0;
        for (var i = 0; i < passes; i++) last = await worker.RunOnceAsync();
        return last;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Hand_set_holders_give_way_to_the_rule_and_the_worker_settles(bool oneInShanghai)
    {
        var tag = await _app.TagAsync("vip");
        var a = await _app.MemberAsync(city: "杭州");
        var b = await _app.MemberAsync();
        var shanghai = oneInShanghai ? await _app.MemberAsync(city: "上海") : null;
        (await _app.TagMembersAsync([a, b], add: ["vip"])).NoErrors();
        await _app.DrainAsync();

        await UpdateTagAsync(tag, "rule", VipInShanghai);
        await _app.EvaluateRuleTagsAsync();
        var lastPass = await WorkerPassesAsync();

        Assert.Equal(0, lastPass);
        Assert.Equal(oneInShanghai ? 1 : 0, await _app.CountAsync(AudiencesApp.Rule("all", ("tags", "eq", ["vip"]))));
        var tags = await _app.App.AdminAsync("query($a: ID!, $b: ID!) { a: member(id: $a) { tags } b: member(id: $b) { tags } }", new { a, b });
        Assert.Empty(tags.Data!["a"]!["tags"]!.AsArray());
        Assert.Empty(tags.Data!["b"]!["tags"]!.AsArray());
        Assert.NotEqual(oneInShanghai, shanghai is null);
    }

    [Fact]
    public async Task A_rule_tag_turned_manual_keeps_its_holders_for_staff_to_change()
    {
        var tag = await _app.TagAsync("vip", VipInShanghai);
        var shanghai = await _app.MemberAsync(city: "上海");
        await _app.MemberAsync(city: "杭州");
        await _app.DrainAsync();
        await _app.EvaluateRuleTagsAsync();
        await _app.DrainAsync();

        await UpdateTagAsync(tag, "manual", null);
        await _app.EvaluateRuleTagsAsync(); // the scheduled pass, which drops rule rows of tags that are no longer rule tags
        var lastPass = await WorkerPassesAsync();
        var kept = await _app.CountAsync(AudiencesApp.Rule("all", ("tags", "eq", ["vip"])));
        var removed = await _app.TagMembersAsync([shanghai], remove: ["vip"]);
        await _app.DrainAsync();

        Assert.Equal(0, lastPass);
        Assert.Equal(1, kept);
        removed.NoErrors();
        Assert.Equal(0, await _app.CountAsync(AudiencesApp.Rule("all", ("tags", "eq", ["vip"]))));
    }
}
