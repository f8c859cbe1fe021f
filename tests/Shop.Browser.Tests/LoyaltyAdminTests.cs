using Microsoft.Playwright;
using Shop.Testing;

namespace Shop.Browser.Tests;

/// <summary>The loyalty modules' admin pages in a real browser: forms that publish, panels on the member page.</summary>
public class LoyaltyAdminTests(AdminSite site) : IClassFixture<AdminSite>
{
    [Fact]
    public async Task A_tier_saved_and_published_in_the_form_is_listed_as_published()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;
        await AdminSite.SignInAsync(page);

        await page.GotoAsync("/admin/tiers/edit");
        await page.Locator("#Input_Level").FillAsync("1");
        await page.Locator("#Input_Name").FillAsync("普通会员");
        await page.Locator("#Input_Threshold").FillAsync("0");
        await page.Locator("#Input_Benefits_UpgradeGiftPoints").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await site.ArriveAsync(page, site.BaseUrl + "/admin/tiers");

        var row = page.Locator("#tiers tbody tr").Filter(new() { HasText = "普通会员" });
        await Assertions.Expect(row).ToContainTextAsync("published");
        var tiers = await site.App.StorefrontAsync("{ tiers { level name } }");
        Assert.Contains(tiers.Data!["tiers"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "普通会员");
    }

    [Fact]
    public async Task The_member_page_shows_the_points_ledger_the_tier_and_check_ins()
    {
        var adjusted = await site.App.AdminAsync(
            "mutation($m: ID!) { pointsAdjust(input: {memberId: $m, points: 300, reason: \"客服补偿\", idempotencyKey: \"browser-1\"}) { balance errors { code } } }",
            new { m = site.EditableMemberId });
        Assert.Equal(300, adjusted.Data!["pointsAdjust"]!["balance"]!.GetValue<long>());
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;
        await AdminSite.SignInAsync(page);

        await page.GotoAsync($"/admin/members/{site.EditableMemberId}");

        await Assertions.Expect(page.Locator("#points")).ToContainTextAsync("客服补偿");
        await Assertions.Expect(page.Locator("#points")).ToContainTextAsync("300");
        await Assertions.Expect(page.Locator("#member-tier")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#checkin-panel")).ToBeVisibleAsync();
    }
}
