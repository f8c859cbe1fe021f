using Microsoft.Playwright;

namespace Shop.Browser.Tests;

/// <summary>The coupon template form in a real browser: created, published, listed and claimable.</summary>
public class CouponAdminTests(AdminSite site) : IClassFixture<AdminSite>
{
    [Fact]
    public async Task A_coupon_template_created_and_published_in_the_form_opens_in_the_claim_centre()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;
        await AdminSite.SignInAsync(page);

        await page.GotoAsync("/admin/coupons/edit");
        await page.Locator("#Input_Title").FillAsync("浏览器满减券");
        await page.Locator("#Input_Kind").SelectOptionAsync("thresholdMinus");
        await page.Locator("#Input_ThresholdYuan").FillAsync("199");
        await page.Locator("#Input_DiscountYuan").FillAsync("20");
        await page.Locator("#Input_ValidDays").FillAsync("15");
        await page.Locator("#Input_TotalQuantity").FillAsync("300");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await site.ArriveAsync(page, site.BaseUrl + "/admin/coupons");

        var row = page.Locator("#coupon-templates tbody tr").Filter(new() { HasText = "浏览器满减券" });
        await Assertions.Expect(row.Locator("[data-test=status]")).ToHaveTextAsync("published");
        await Assertions.Expect(row).ToContainTextAsync("¥20 off from ¥199");
        await Assertions.Expect(row.Locator("[data-test=issued]")).ToContainTextAsync("300");

        var centre = await site.App.StorefrontAsync("{ couponTemplates(first: 50) { edges { node { title thresholdFen discountFen remaining } } } }");
        var template = centre.Data!["couponTemplates"]!["edges"]!.AsArray().Select(e => e!["node"]!).Single(n => n["title"]!.GetValue<string>() == "浏览器满减券");
        Assert.Equal(199_00, template["thresholdFen"]!.GetValue<long>());
        Assert.Equal(20_00, template["discountFen"]!.GetValue<long>());
        Assert.Equal(300, template["remaining"]!.GetValue<long>());
    }
}
