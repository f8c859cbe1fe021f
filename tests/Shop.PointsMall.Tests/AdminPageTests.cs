using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Shop.Testing;

namespace Shop.PointsMall.Tests;

/// <summary>The mall's admin pages and CSV export over HTTP, with the bootstrap API key.</summary>
public partial class AdminPageTests : IDisposable
{
    private readonly MallApp _app = new();
    private readonly HttpClient _client;

    public AdminPageTests()
    {
        _client = _app.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ShopAppFactory.ApiKey);
    }

    /// <summary>Posts a page's form the way a browser would: with the antiforgery token the page rendered.</summary>
    private async Task<HttpResponseMessage> PostFormAsync(string page, string handler, Dictionary<string, string> fields)
    {
        var html = await _client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value;
        return await _client.PostAsync($"{page}{(page.Contains('?') ? '&' : '?')}handler={handler}", new FormUrlEncodedContent(fields));
    }

    private static Dictionary<string, string> RewardForm(string title, long points = 120, long stock = 30) => new()
    {
        ["Input.Title"] = title,
        ["Input.Kind"] = "goods",
        ["Input.PointsPrice"] = points.ToString(),
        ["Input.CashFen"] = "0",
        ["Input.InitialStock"] = stock.ToString(),
        ["Input.PerMemberLimit"] = "2",
        ["Input.PerMemberDailyLimit"] = "0",
        ["Input.AvailableFrom"] = "2026-11-01T00:00",
        ["Input.AvailableUntil"] = "",
        ["Input.MinTierLevel"] = "0",
        ["Input.Category"] = "home",
        ["Input.Description"] = "From the admin page",
        ["Input.ImageUrls"] = "https://img.example.com/a.jpg\nhttps://img.example.com/b.jpg",
    };

    [Fact]
    public async Task Staff_create_and_publish_a_reward_in_the_form_and_see_it_listed_with_its_stock()
    {
        var blank = await _client.GetAsync("/admin/mall/rewards/edit");
        var invalid = await PostFormAsync("/admin/mall/rewards/edit", "Publish", RewardForm("Page flask", points: 0));
        var invalidHtml = WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync());
        var badDate = RewardForm("Page flask");
        badDate["Input.AvailableFrom"] = "next tuesday";
        var badDateHtml = WebUtility.HtmlDecode(await (await PostFormAsync("/admin/mall/rewards/edit", "Publish", badDate)).Content.ReadAsStringAsync());
        var published = await PostFormAsync("/admin/mall/rewards/edit", "Publish", RewardForm("Page flask"));
        var list = await _client.GetStringAsync("/admin/mall/rewards");
        await _app.DrainIndexAsync();
        var storefront = await _app.App.StorefrontAsync("{ rewards(filter: {search: \"page flask\"}) { edges { node { id title pointsPrice stockLeft perMemberLimit availableFrom imageUrls } } } }");
        var dashboard = await _client.GetStringAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("'Points Price' must be between 1 and", invalidHtml);
        Assert.Contains("is not a local date and time", badDateHtml);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var node = storefront.Data!["rewards"]!["edges"]!.AsArray().Single()!["node"]!;
        Assert.Equal((120L, 30L, 2L), (node.Long("pointsPrice"), node.Long("stockLeft"), node.Long("perMemberLimit")));
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T00:00:00+08:00"), DateTimeOffset.Parse(node.Str("availableFrom")));
        Assert.Equal(2, node["imageUrls"]!.AsArray().Count);
        Assert.Matches($"data-reward=\"{node.Str("id")}\"[\\s\\S]*?data-test=\"stock-left\">30<[\\s\\S]*?data-test=\"redeemed\">0<[\\s\\S]*?data-test=\"status\">published<", list);
        Assert.Contains("href=\"/admin/mall/rewards\"", dashboard);
        Assert.Contains("href=\"/admin/mall/redemptions\"", dashboard);
    }

    [Fact]
    public async Task The_list_publishes_drafts_and_shows_stock_and_redeemed()
    {
        var draft = (await _app.CreateRewardAsync(MallApp.Reward("Listed draft")))["item"]!.Str("id");
        var live = await _app.PublishRewardAsync("Listed live");
        var (token, _) = await _app.MemberWithPointsAsync("13710000001", 1_000);
        (await _app.RedeemAsync(token, live, "list-1", quantity: 3)).NoErrors();

        var before = WebUtility.HtmlDecode(await _client.GetStringAsync("/admin/mall/rewards"));
        var publish = await PostFormAsync("/admin/mall/rewards", "Publish", new() { ["id"] = draft });
        var after = await _client.GetStringAsync("/admin/mall/rewards");

        Assert.Matches($"data-reward=\"{live}\"[\\s\\S]*?stock-left\">7<[\\s\\S]*?redeemed\">3<", before);
        Assert.Matches($"data-reward=\"{draft}\"[\\s\\S]*?stock-left\">—<[\\s\\S]*?status\">draft<", before);
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        Assert.Matches($"data-reward=\"{draft}\"[\\s\\S]*?stock-left\">10<[\\s\\S]*?status\">published<", after);
    }

    [Fact]
    public async Task The_edit_page_adjusts_stock_once_per_form_and_uploads_codes()
    {
        var rewardId = await _app.PublishRewardAsync("Page card", r => { r["kind"] = "virtual"; r["initialStock"] = 5; });
        var page = $"/admin/mall/rewards/edit/{rewardId}";
        var html = await _client.GetStringAsync(page);
        var key = Regex.Match(html, "name=\"Adjust.Key\" value=\"([^\"]+)\"").Groups[1].Value;

        var adjust = new Dictionary<string, string> { ["Id"] = rewardId, ["Adjust.Delta"] = "15", ["Adjust.Reason"] = "restock", ["Adjust.Key"] = key };
        var first = await PostFormAsync(page, "Adjust", new(adjust));
        var doubleSubmit = await PostFormAsync(page, "Adjust", new(adjust));
        var codes = await PostFormAsync(page, "Codes", new() { ["Id"] = rewardId, ["Codes"] = "PAGE-1\nPAGE-2\n\nPAGE-1\n" });
        var after = await _client.GetStringAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, doubleSubmit.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, codes.StatusCode);
        Assert.Contains("data-test=\"stock-left\">20<", after);
        Assert.Contains("data-test=\"codes-available\">2<", after);
        Assert.Equal(20, (await _app.StockAsync(rewardId)).Long("stockLeft"));
    }

    [Fact]
    public async Task Redemptions_are_shipped_delivered_and_cancelled_from_the_list()
    {
        var rewardId = await _app.PublishRewardAsync("Page shipped flask", r => r["pointsPrice"] = 200);
        var (token, memberId) = await _app.MemberWithPointsAsync("13710000002", 1_000);
        var shipMe = (await _app.RedeemAsync(token, rewardId, "page-1")).Redemption().Str("id");
        var cancelMe = (await _app.RedeemAsync(token, rewardId, "page-2")).Redemption().Str("id");
        var list = $"/admin/mall/redemptions?memberId={memberId}";

        var before = await _client.GetStringAsync(list);
        var ship = await PostFormAsync(list, "Ship", new() { ["redemptionId"] = shipMe, ["carrier"] = "SF Express", ["trackingNumber"] = "SF777", ["memberId"] = memberId });
        var deliver = await PostFormAsync(list, "Deliver", new() { ["redemptionId"] = shipMe, ["memberId"] = memberId });
        var cancel = await PostFormAsync(list, "Cancel", new() { ["redemptionId"] = cancelMe, ["reason"] = "out of colour", ["key"] = "page-cancel", ["memberId"] = memberId });
        var after = await _client.GetStringAsync(list);

        Assert.Contains("data-test=\"redemption-total\">2 redemptions", before);
        Assert.Equal(HttpStatusCode.Redirect, ship.StatusCode);
        Assert.Equal(list, ship.Headers.Location!.OriginalString);
        Assert.Matches($"data-redemption=\"{shipMe}\"[\\s\\S]*?status\">delivered<[\\s\\S]*?SF Express SF777", after);
        Assert.Matches($"data-redemption=\"{cancelMe}\"[\\s\\S]*?status\">cancelled<", after);
        Assert.Equal(800, await _app.PointsAsync(token));
        Assert.Equal(HttpStatusCode.Redirect, deliver.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
    }

    [Fact]
    public async Task The_csv_export_is_filtered_and_carries_no_phone_numbers()
    {
        var rewardId = await _app.PublishRewardAsync("=HYPERLINK(\"x\") flask, \"deluxe\"");
        var (token, memberId) = await _app.MemberWithPointsAsync("13712345678", 1_000);
        var shipped = (await _app.RedeemAsync(token, rewardId, "csv-1")).Redemption().Str("id");
        (await _app.RedeemAsync(token, rewardId, "csv-2")).NoErrors();
        (await _app.ShipAsync(shipped, "ZTO", "ZT-1")).NoErrors();

        var all = await _client.GetAsync("/admin/mall/redemptions.csv");
        var text = await all.Content.ReadAsStringAsync();
        var onlyShipped = await _client.GetStringAsync($"/admin/mall/redemptions.csv?status=shipped&rewardId={rewardId}");
        var badStatus = await _client.GetAsync("/admin/mall/redemptions.csv?status=lost");
        var anonymous = await _app.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/admin/mall/redemptions.csv");

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/csv", all.Content.Headers.ContentType!.MediaType);
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("redemption_id,created_at,member_id,member_name,", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains($"{memberId},会员5678,", text);
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\") flask, \"\"deluxe\"\"\"", text);
        Assert.DoesNotContain("13712345678", text);
        Assert.DoesNotContain("1371234", text);
        Assert.Equal(2, onlyShipped.Trim().Split("\r\n").Length);
        Assert.Contains($"{shipped},", onlyShipped);
        Assert.Contains(",ZTO,ZT-1,", onlyShipped);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task Unknown_rewards_are_404_and_signed_out_visitors_are_sent_to_sign_in()
    {
        var missing = await _client.GetAsync("/admin/mall/rewards/edit/ci_missing");
        var anonymous = await _app.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/admin/mall/redemptions");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/admin/login", anonymous.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
    }
}
