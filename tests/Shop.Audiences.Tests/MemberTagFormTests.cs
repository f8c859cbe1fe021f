using System.Net;
using Shop.Testing;

namespace Shop.Audiences.Tests;

/// <summary>The tagging forms posted without a tag: the page says what is missing, nothing is written, never a 500.</summary>
public sealed class MemberTagFormTests : IDisposable
{
    private readonly AudiencesApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_missing_or_blank_tag_is_shown_as_an_error_on_the_page(string? tag)
    {
        await _app.TagAsync("vip");
        var a = await _app.MemberAsync();
        var client = _app.App.AdminClient();
        Dictionary<string, string> Form(params (string Key, string Value)[] fields)
        {
            var form = fields.ToDictionary(f => f.Key, f => f.Value);
            if (tag is not null) form["tag"] = tag;
            return form;
        }

        var added = await client.PostFormAsync($"/admin/members/{a}", "/admin/audiences/member-tags?handler=Add", Form(("memberId", a)));
        var memberPage = WebUtility.HtmlDecode(await client.GetStringAsync($"/admin/members/{a}"));
        var removed = await client.PostFormAsync($"/admin/members/{a}", "/admin/audiences/member-tags?handler=Remove", Form(("memberId", a)));
        var afterRemove = WebUtility.HtmlDecode(await client.GetStringAsync($"/admin/members/{a}"));
        var bulk = await client.PostFormAsync("/admin/audiences", "/admin/audiences/member-tags?handler=Bulk", Form(("memberIds", a), ("action", "add")));
        var audiencesPage = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/audiences"));
        var after = await _app.App.AdminAsync("query($a: ID!) { a: member(id: $a) { tags } }", new { a });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("Name a tag to add.", memberPage);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Contains("Name a tag to remove.", afterRemove);
        Assert.Equal(HttpStatusCode.Redirect, bulk.StatusCode);
        Assert.Contains("Name a tag to add.", audiencesPage);
        Assert.Empty(after.Data!["a"]!["tags"]!.AsArray());
    }

    [Fact]
    public async Task The_mutation_refuses_a_blank_tag_as_validation()
    {
        await _app.TagAsync("vip");
        var a = await _app.MemberAsync();

        var result = await _app.TagMembersAsync([a], add: ["vip", " "]);

        Assert.Equal("VALIDATION", result.Code());
        Assert.Equal("add", result["errors"]![0]!.Str("field"));
    }
}
