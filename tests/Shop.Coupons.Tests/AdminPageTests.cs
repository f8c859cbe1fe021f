using System.Net;
using Shop.Testing;

namespace Shop.Coupons.Tests;

/// <summary>The coupon admin pages over HTTP with the bootstrap API key.</summary>
public sealed class AdminPageTests : IDisposable
{
    private readonly CouponsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Dictionary<string, string> Form(string title) => new()
    {
        ["Input.Title"] = title,
        ["Input.Kind"] = "percentOff",
        ["Input.ThresholdYuan"] = "100",
        ["Input.PercentOff"] = "12",
        ["Input.MaxDiscountYuan"] = "30.50",
        ["Input.ScopeKind"] = "categories",
        ["Input.CategoryIds"] = "shoes, bags",
        ["Input.ValidityMode"] = "relative",
        ["Input.ValidDays"] = "10",
        ["Input.ClaimUntil"] = "2026-12-31T23:59",
        ["Input.TotalQuantity"] = "50",
        ["Input.PerMemberLimit"] = "1",
        ["Input.Channels"] = "claim",
        ["Input.WithPoints"] = "true",
    };

    [Fact]
    public async Task Staff_who_may_see_coupons_read_templates_through_admin_graphql_but_cannot_change_them()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template("只读可见"));
        var viewer = await StaffKeys.WithAsync(_app.App, "Coupon viewer", Permissions.ViewCoupons);

        var list = await _app.App.AdminAsync("{ couponTemplates { edges { node { id } } } }", auth: viewer);
        var archive = await _app.App.AdminAsync("mutation($id: ID!) { couponTemplateArchive(input: {id: $id}) { errors { code } } }", new { id = templateId }, viewer);

        Assert.True(list.Status == 200 && list.Errors is null, list.ToString());
        Assert.Contains(list.Data!["couponTemplates"]!["edges"]!.AsArray(), e => e!["node"]!["id"]!.GetValue<string>() == templateId);
        Assert.Equal(403, archive.Status);
    }

    [Fact]
    public async Task Staff_create_publish_and_list_a_template_and_see_errors_on_their_fields()
    {
        var client = _app.App.AdminClient();

        var invalid = await client.PostFormAsync("/admin/coupons/edit", "/admin/coupons/edit?handler=Publish", new Dictionary<string, string>(Form("")) { ["Input.PercentOff"] = "150" });
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        var published = await client.PostFormAsync("/admin/coupons/edit", "/admin/coupons/edit?handler=Publish", Form("鞋包88折"));
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/coupons"));
        var centre = await _app.ClaimCentreAsync(null);

        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("validation-summary-errors", invalidHtml);
        Assert.Contains("must not be empty", invalidHtml);
        Assert.Contains("between 1 and 99", invalidHtml);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Contains("鞋包88折", list);
        Assert.Contains("12% off from ¥100, at most ¥30.5 · categories", list);
        var template = Assert.Single(centre)!;
        Assert.Equal("鞋包88折", template.Str("title"));
        Assert.Equal(50, template.Long("remaining"));
        Assert.Equal(10_000, template.Long("thresholdFen"));
    }

    [Fact]
    public async Task The_issued_page_counts_by_state_pushes_and_voids()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template("pushable", t => t["channels"] = new System.Text.Json.Nodes.JsonArray("claim", "push")));
        var (token, memberId) = await _app.MemberAsync();
        var (_, other) = await _app.MemberAsync();
        (await _app.ClaimAsync(token, templateId, "k")).NoErrors();
        var client = _app.App.AdminClient();
        var path = $"/admin/coupons/{templateId}/issued";

        var pushed = await client.PostFormAsync(path, path + "?handler=Push", new() { ["memberIds"] = other, ["pushKey"] = "page-push-1" });
        var page = await client.GetStringAsync(path);
        var couponId = (await _app.MyCouponsAsync(token))[0]!.Str("id");
        var voided = await client.PostFormAsync(path, path + "?handler=Void", new() { ["couponId"] = couponId, ["reason"] = "duplicate account" });
        var after = await client.GetStringAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, pushed.StatusCode);
        Assert.Contains("data-test=\"issued\">2<", page);
        Assert.Contains(memberId, page);
        Assert.Contains(other, page);
        Assert.Equal(HttpStatusCode.Redirect, voided.StatusCode);
        Assert.Contains("data-test=\"count-voided\"><a href=\"?status=voided\">1<", after);
        Assert.Equal("VOIDED", (await _app.MyCouponsAsync(token))[0]!.Str("status"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/coupons/ci_nope/issued")).StatusCode);
    }

    [Fact]
    public async Task A_saved_draft_reopens_with_its_values_and_the_list_publishes_and_archives_it()
    {
        var client = _app.App.AdminClient();
        var saved = await client.PostFormAsync("/admin/coupons/edit", "/admin/coupons/edit?handler=", Form("草稿券"));
        var list = await client.GetStringAsync("/admin/coupons");
        var id = System.Text.RegularExpressions.Regex.Match(list, "data-id=\"([^\"]+)\"").Groups[1].Value;
        var edit = WebUtility.HtmlDecode(await client.GetStringAsync($"/admin/coupons/edit/{id}"));

        var published = await client.PostFormAsync("/admin/coupons", "/admin/coupons?handler=Publish", new() { ["id"] = id });
        var open = await _app.ClaimCentreAsync(null);
        var archived = await client.PostFormAsync("/admin/coupons", "/admin/coupons?handler=Archive", new() { ["id"] = id });
        var closed = await _app.ClaimCentreAsync(null);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("value=\"草稿券\"", edit);
        Assert.Contains("value=\"shoes, bags\"", edit);
        Assert.Contains("value=\"2026-12-31T23:59\"", edit);
        Assert.Contains("value=\"30.5\"", edit);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Single(open);
        Assert.Equal(HttpStatusCode.Redirect, archived.StatusCode);
        Assert.Empty(closed);
    }
}
