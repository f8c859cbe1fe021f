using Shop.Framework.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Shop.Browser.Tests;

/// <summary>The points mall's reward form in a real browser: created, published, listed, on the storefront.</summary>
public class PointsMallAdminTests(AdminSite site) : IClassFixture<AdminSite>
{
    [Fact]
    public async Task A_reward_created_and_published_in_the_form_is_listed_with_its_stock()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;
        await AdminSite.SignInAsync(page);

        await page.GotoAsync("/admin/mall/rewards");
        await page.GetByRole(AriaRole.Link, new() { Name = "New reward" }).ClickAsync();
        await page.Locator("#Input_Title").FillAsync("浏览器保温杯");
        await page.Locator("#Input_Kind").SelectOptionAsync("goods");
        await page.Locator("#Input_PointsPrice").FillAsync("880");
        await page.Locator("#Input_InitialStock").FillAsync("25");
        await page.Locator("#Input_PerMemberLimit").FillAsync("1");
        await page.Locator("#Input_AvailableFrom").FillAsync("2026-01-01T09:00");
        await page.Locator("#Input_Category").FillAsync("家居");
        await page.Locator("#Input_ImageUrls").FillAsync("https://img.example.com/cup.jpg");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await site.ArriveAsync(page, site.BaseUrl + "/admin/mall/rewards");

        var row = page.Locator("#rewards tbody tr").Filter(new() { HasText = "浏览器保温杯" });
        await Assertions.Expect(row.Locator("[data-test=status]")).ToHaveTextAsync("published");
        await Assertions.Expect(row.Locator("[data-test=stock-left]")).ToHaveTextAsync("25");
        // The storefront's search reads the rewards index; the test host runs no background worker.
        await site.App.Services.GetRequiredService<IndexingWorker>().DrainAsync();
        var rewards = await site.App.StorefrontAsync("{ rewards(filter: {search: \"浏览器\"}) { edges { node { title pointsPrice stockLeft perMemberLimit } } } }");
        var node = rewards.Data!["rewards"]!["edges"]!.AsArray().Single()!["node"]!;
        Assert.Equal(880, node["pointsPrice"]!.GetValue<long>());
        Assert.Equal(25, node["stockLeft"]!.GetValue<long>());
    }
}
