using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shop.Framework.Search;

namespace Shop.Browser.Tests;

/// <summary>The audience rule builder in a real browser: the live count follows every edit.</summary>
public class AudienceBuilderTests(AdminSite site) : IClassFixture<AdminSite>
{
    [Fact]
    public async Task The_rule_builder_counts_members_live_and_saves_the_audience()
    {
        await site.App.Services.GetRequiredService<IndexingWorker>().DrainAsync();
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;
        await AdminSite.SignInAsync(page);

        await page.GotoAsync("/admin/audiences/edit");
        var count = page.Locator("#preview-count");
        await Assertions.Expect(count).ToHaveTextAsync("5");

        var row = page.Locator("#conditions tr.condition").First;
        await row.Locator("[data-part=field]").SelectOptionAsync("city");
        await row.Locator("[data-part=operator]").SelectOptionAsync("in");
        await row.Locator("[data-part=values]").FillAsync("杭州, Beijing");
        await Assertions.Expect(count).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#preview-sample")).ToContainTextAsync("陈静");
        await Assertions.Expect(page.Locator("#preview-sample")).ToContainTextAsync("136****0003");

        await page.Locator("#add-condition").ClickAsync();
        var second = page.Locator("#conditions tr.condition").Nth(1);
        await second.Locator("[data-part=field]").SelectOptionAsync("gender");
        await second.Locator("[data-part=operator]").SelectOptionAsync("eq");
        await second.Locator("[data-part=values]").FillAsync("female");
        await Assertions.Expect(count).ToHaveTextAsync("2");
        await page.Locator("#Input_Match").SelectOptionAsync("any");
        await Assertions.Expect(count).ToHaveTextAsync("2");
        await second.Locator("[data-part=values]").FillAsync("male");
        await Assertions.Expect(count).ToHaveTextAsync("3");

        await page.Locator("#Input_Name").FillAsync("北京杭州或男性");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await page.GotoAsync("/admin/audiences");
        var listed = page.Locator("#audiences tbody tr").Filter(new() { HasText = "北京杭州或男性" });
        await Assertions.Expect(listed.Locator("[data-test=status]")).ToHaveTextAsync("published");
        await Assertions.Expect(listed.Locator("[data-test=count]")).ToHaveTextAsync("3");
    }
}
