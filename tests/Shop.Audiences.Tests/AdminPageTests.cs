using System.Net;
using System.Text.Json.Nodes;
using Shop.Testing;

namespace Shop.Audiences.Tests;

/// <summary>The audiences admin pages over HTTP with the bootstrap API key.</summary>
public sealed class AdminPageTests : IDisposable
{
    private readonly AudiencesApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_builder_previews_counts_saves_and_the_list_shows_the_count()
    {
        await _app.TagAsync("vip");
        var members = new List<string>();
        for (var i = 0; i < 4; i++) members.Add(await _app.MemberAsync(city: i < 3 ? "杭州" : "北京"));
        (await _app.TagMembersAsync(members.Take(2).ToList(), add: ["vip"])).NoErrors();
        await _app.DrainAsync();
        var client = _app.App.AdminClient();
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "杭州 VIP", ["Input.Mode"] = "dynamic", ["Input.Match"] = "all",
            ["Input.Conditions[0].Field"] = "city", ["Input.Conditions[0].Operator"] = "eq", ["Input.Conditions[0].Values"] = "杭州",
            ["Input.Conditions[1].Field"] = "tags", ["Input.Conditions[1].Operator"] = "in", ["Input.Conditions[1].Values"] = "vip",
        };

        var preview = await client.PostFormAsync("/admin/audiences/edit", "/admin/audiences/edit?handler=Preview", new(fields));
        var json = JsonNode.Parse(await preview.Content.ReadAsStringAsync())!;
        var bad = await client.PostFormAsync("/admin/audiences/edit", "/admin/audiences/edit?handler=Preview",
            new(fields) { ["Input.Conditions[1].Field"] = "shoe_size" });
        var badJson = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;
        var saved = await client.PostFormAsync("/admin/audiences/edit", "/admin/audiences/edit?handler=Publish", new(fields));
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/audiences"));

        Assert.Equal(2, json["count"]!.GetValue<long>());
        Assert.Equal(2, json["sample"]!.AsArray().Count);
        Assert.Equal("Conditions[1].Field", badJson["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Matches("杭州 VIP</a></td>\\s*<td>dynamic</td>\\s*<td>2 \\(all\\)</td>\\s*<td data-test=\"count\">2</td>", list);
    }

    [Fact]
    public async Task Staff_who_may_not_see_members_get_counts_without_the_sample_of_profiles()
    {
        await _app.TagAsync("vip");
        var members = new List<string> { await _app.MemberAsync(city: "杭州"), await _app.MemberAsync(city: "杭州") };
        (await _app.TagMembersAsync(members, add: ["vip"])).NoErrors();
        await _app.DrainAsync();
        var audiencesOnly = await StaffKeys.WithAsync(_app.App, "Audiences only", "Audiences.View", "Audiences.Manage");
        var withMembers = await StaffKeys.WithAsync(_app.App, "Audiences and members", "Audiences.View", "Members.View");
        var rule = AudiencesApp.Rule("all", ("tags", "in", ["vip"]));
        const string WithSample = "query($r: AudienceRuleInput!) { audiencePreview(rule: $r, sample: 5) { count sample { id displayName } } }";
        const string CountOnly = "query($r: AudienceRuleInput!) { audiencePreview(rule: $r) { count } }";
        var page = _app.App.AdminClient();
        page.DefaultRequestHeaders.Authorization = audiencesOnly;

        var refused = await _app.App.AdminAsync(WithSample, new { r = rule }, audiencesOnly);
        var counted = await _app.App.AdminAsync(CountOnly, new { r = rule }, audiencesOnly);
        var sampled = await _app.App.AdminAsync(WithSample, new { r = rule }, withMembers);
        var preview = JsonNode.Parse(await (await page.PostFormAsync("/admin/audiences/edit", "/admin/audiences/edit?handler=Preview", new()
        {
            ["Input.Name"] = "vip", ["Input.Mode"] = "dynamic", ["Input.Match"] = "all",
            ["Input.Conditions[0].Field"] = "tags", ["Input.Conditions[0].Operator"] = "in", ["Input.Conditions[0].Values"] = "vip",
        })).Content.ReadAsStringAsync())!;

        Assert.Equal(403, refused.Status);
        Assert.Equal(2, counted.Data!["audiencePreview"]!["count"]!.GetValue<long>());
        Assert.Equal(2, sampled.Data!["audiencePreview"]!["sample"]!.AsArray().Count);
        Assert.Equal(2, preview["count"]!.GetValue<long>());
        Assert.Empty(preview["sample"]!.AsArray());
    }

    [Fact]
    public async Task Staff_tag_members_from_the_member_page_and_in_bulk()
    {
        await _app.TagAsync("vip");
        var a = await _app.MemberAsync();
        var b = await _app.MemberAsync();
        var client = _app.App.AdminClient();

        var added = await client.PostFormAsync($"/admin/members/{a}", "/admin/audiences/member-tags?handler=Add", new() { ["memberId"] = a, ["tag"] = "vip" });
        var memberPage = await client.GetStringAsync($"/admin/members/{a}");
        var bulk = await client.PostFormAsync("/admin/audiences", "/admin/audiences/member-tags?handler=Bulk", new() { ["memberIds"] = $"{a}\n{b}", ["tag"] = "vip", ["action"] = "remove" });
        var after = await _app.App.AdminAsync("query($a: ID!, $b: ID!) { a: member(id: $a) { tags } b: member(id: $b) { tags } }", new { a, b });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal($"/admin/members/{a}", added.Headers.Location!.OriginalString);
        Assert.Contains("<code>vip</code>", memberPage);
        Assert.Contains("id=\"member-audience\"", memberPage);
        Assert.Equal(HttpStatusCode.Redirect, bulk.StatusCode);
        Assert.Empty(after.Data!["a"]!["tags"]!.AsArray());
        Assert.Empty(after.Data!["b"]!["tags"]!.AsArray());
    }

    [Fact]
    public async Task The_list_publishes_and_archives_and_the_edit_page_sends_a_coupon_with_progress()
    {
        var members = await _app.TaggedMembersAsync("vip", 3);
        var created = await _app.App.AdminAsync("mutation($i: AudienceCreateInput!) { audienceCreate(input: $i) { item { id } errors { code } } }",
            new { i = new { name = "VIP draft", mode = "dynamic", rule = AudiencesApp.Rule("all", ("tags", "in", ["vip"])) } });
        var audience = created.Data!["audienceCreate"]!["item"]!.Str("id");
        var template = await _app.CouponTemplateAsync(["audience"], title: "audience gift", discountFen: 300);
        var client = _app.App.AdminClient();

        var published = await client.PostFormAsync("/admin/audiences", "/admin/audiences?handler=Publish", new() { ["id"] = audience });
        var editPage = WebUtility.HtmlDecode(await client.GetStringAsync($"/admin/audiences/edit/{audience}"));
        var pushed = await client.PostFormAsync($"/admin/audiences/edit/{audience}", $"/admin/audiences/edit/{audience}?handler=Push",
            new() { ["templateId"] = template, ["pushKey"] = "page-push" });
        await _app.RunJobsAsync();
        var progress = await client.GetStringAsync($"/admin/audiences/edit/{audience}");
        var archived = await client.PostFormAsync("/admin/audiences", "/admin/audiences?handler=Archive", new() { ["id"] = audience });
        var count = await _app.App.AdminAsync("query($id: ID!) { audienceCount(id: $id) }", new { id = audience });

        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Contains("audience gift", editPage);
        Assert.Equal(HttpStatusCode.Redirect, pushed.StatusCode);
        Assert.Contains("data-test=\"state\">done<", progress);
        Assert.Contains("data-test=\"succeeded\">3<", progress);
        Assert.Equal(HttpStatusCode.Redirect, archived.StatusCode);
        Assert.Null(count.Data!["audienceCount"]?.GetValue<long?>());
    }
}
