using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Shop.Browser.Tests;

/// <summary>The merchant admin as a browser sees it: sign-in, the dashboard, and the member pages.</summary>
public sealed class AdminMembersTests(AdminSite site) : IClassFixture<AdminSite>
{
    [Fact]
    public async Task Staff_sign_in_and_see_members_with_phones_masked()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;

        await AdminSite.SignInAsync(page);

        Assert.Equal(site.BaseUrl + "/admin", page.Url);
        var card = page.Locator(".card", new() { HasText = "Members" });
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator(".card-value")).ToHaveTextAsync(new Regex(@"^[1-9]\d*$")); // 5 seeded, +1 if the create test ran first
        await Assertions.Expect(page.Locator(".sidebar").GetByRole(AriaRole.Link, new() { Name = "Members", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".topbar .who")).ToHaveTextAsync("Administrator");

        await page.Locator(".sidebar").GetByRole(AriaRole.Link, new() { Name = "Members", Exact = true }).ClickAsync();
        await site.ArriveAsync(page, site.BaseUrl + "/admin/members");

        var table = page.Locator("#members");
        foreach (var name in site.SeededNames)
            await Assertions.Expect(table.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        var known = table.Locator("tr", new() { HasText = "Wang Xiaoming" });
        await Assertions.Expect(known).ToContainTextAsync(AdminSite.KnownPhoneMasked);
        await Assertions.Expect(known).ToContainTextAsync(new Regex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC"));
        Assert.DoesNotContain(AdminSite.KnownPhone, await page.ContentAsync());
        var raw = await page.APIRequest.GetAsync("/admin/members");
        Assert.DoesNotContain(AdminSite.KnownPhone, await raw.TextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "admin-members.png"), FullPage = true });

        await page.Locator("#search-phone").FillAsync(AdminSite.KnownPhone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);

        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(table.Locator("tbody tr")).ToContainTextAsync("Wang Xiaoming");
        await Assertions.Expect(page.Locator("[data-test=member-total]")).ToHaveTextAsync($"1 member with phone {AdminSite.KnownPhoneMasked}");
        Assert.DoesNotContain(AdminSite.KnownPhone, await page.ContentAsync());
        Assert.DoesNotContain(AdminSite.KnownPhone, page.Url);
    }

    [Fact]
    public async Task Member_detail_masks_the_phone_and_phone_identities()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;
        await AdminSite.SignInAsync(page);

        var response = await page.GotoAsync($"/admin/members/{site.KnownMemberId}");

        await Assertions.Expect(page.Locator("#member-profile")).ToContainTextAsync(AdminSite.KnownPhoneMasked);
        var identities = page.Locator("#identities tbody tr");
        await Assertions.Expect(identities).ToHaveCountAsync(2);
        await Assertions.Expect(identities.Filter(new() { HasText = "phone" })).ToContainTextAsync(AdminSite.KnownPhoneMasked);
        await Assertions.Expect(identities.Filter(new() { HasText = "miniprogram" })).ToContainTextAsync("oXyZ-o…cdef");
        Assert.DoesNotContain(AdminSite.KnownPhone, await response!.TextAsync());
        Assert.DoesNotContain(AdminSite.KnownPhone, await page.ContentAsync());
    }

    [Fact]
    public async Task Member_detail_lists_the_members_orders_with_refunds()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;
        await AdminSite.SignInAsync(page);

        await page.GotoAsync($"/admin/members/{site.KnownMemberId}");

        var row = page.Locator("#member-orders tbody tr").Filter(new() { HasText = AdminSite.KnownOrderId });
        await Assertions.Expect(row).ToContainTextAsync("paid");
        await Assertions.Expect(row).ToContainTextAsync("¥150.00");
        await Assertions.Expect(row).ToContainTextAsync("¥25.50");
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_stays_on_the_login_page()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;

        await AdminSite.SignInAsync(page, password: "Not-The-Password-1");

        await Assertions.Expect(page.Locator("[data-test=login-error]")).ToHaveTextAsync("The email or password is not right.");
        Assert.StartsWith(site.BaseUrl + "/admin/login", page.Url);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "shop.admin");
        // A later visit to a protected page still goes to the login page.
        await page.GotoAsync("/admin");
        Assert.StartsWith(site.BaseUrl + "/admin/login", page.Url);
    }

    [Fact]
    public async Task Editing_a_member_saves_and_shows_a_flash_message()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;
        await AdminSite.SignInAsync(page);

        await page.GotoAsync("/admin/members");
        await page.Locator("#members").GetByRole(AriaRole.Link, new() { Name = "Edit Me", Exact = true }).ClickAsync();
        await site.ArriveAsync(page, $"{site.BaseUrl}/admin/members/{site.EditableMemberId}");
        await Assertions.Expect(page.Locator("#member-profile")).ToContainTextAsync("137****0002");
        await Assertions.Expect(page.Locator("#Input_DisplayName")).ToHaveValueAsync("Edit Me");

        await page.Locator("#Input_DisplayName").FillAsync("Edited In Browser");
        await page.Locator("#Input_City").FillAsync("Guangzhou");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);

        // Post/Redirect/Get: back on the detail URL, with the message shown once.
        Assert.Equal($"{site.BaseUrl}/admin/members/{site.EditableMemberId}", page.Url);
        await Assertions.Expect(page.Locator(".flash-ok")).ToHaveTextAsync("Saved the changes to Edited In Browser.");
        await Assertions.Expect(page.Locator("[data-test=member-name]")).ToHaveTextAsync("Edited In Browser");
        await Assertions.Expect(page.Locator("#member-profile")).ToContainTextAsync("Guangzhou");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".flash-ok")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=member-name]")).ToHaveTextAsync("Edited In Browser");
    }

    [Fact]
    public async Task An_invalid_edit_shows_the_error_next_to_the_field_and_saves_nothing()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;
        await AdminSite.SignInAsync(page);
        await page.GotoAsync("/admin/members");
        await page.Locator("#members").GetByRole(AriaRole.Link, new() { Name = "Li Na", Exact = true }).ClickAsync();
        // The profile's own URL, once the click's navigation has reached it (read at once it can still be the list's).
        await site.ArriveAsync(page, "**/admin/members/mbr_*");
        var url = page.Url;

        await page.Locator("#Input_DisplayName").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        // The assertions below wait for the re-rendered form; a wait for a load state could catch the
        // page between documents and time out.

        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.DisplayName']")).ToHaveTextAsync("The display name must be 1 to 100 characters.");
        await Assertions.Expect(page.Locator(".flash-ok")).ToHaveCountAsync(0);
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("[data-test=member-name]")).ToHaveTextAsync("Li Na");
    }

    [Fact]
    public async Task Creating_a_member_never_echoes_the_phone_and_lands_on_the_new_profile()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;
        await AdminSite.SignInAsync(page);
        await page.GotoAsync("/admin/members");
        await page.GetByRole(AriaRole.Link, new() { Name = "New member" }).ClickAsync();
        await site.ArriveAsync(page, site.BaseUrl + "/admin/members/new");

        await page.Locator("#Input_DisplayName").FillAsync("Zhou Xun");
        await page.Locator("#Input_Birthday").FillAsync("1995-02-28");
        await page.Locator("#Phone").FillAsync("1351234000"); // one digit short
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);

        await Assertions.Expect(page.Locator("[data-valmsg-for='Phone']")).ToContainTextAsync("mainland China mobile number");
        await Assertions.Expect(page.Locator("#Input_DisplayName")).ToHaveValueAsync("Zhou Xun");
        await Assertions.Expect(page.Locator("#Input_Birthday")).ToHaveValueAsync("1995-02-28");
        await Assertions.Expect(page.Locator("#Phone")).ToHaveValueAsync("");
        Assert.DoesNotContain("1351234000", await page.ContentAsync());

        await page.Locator("#Phone").FillAsync("13512340000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);

        Assert.Matches($"^{Regex.Escape(site.BaseUrl)}/admin/members/mbr", page.Url);
        await Assertions.Expect(page.Locator(".flash-ok")).ToHaveTextAsync("Added Zhou Xun.");
        await Assertions.Expect(page.Locator("#member-profile")).ToContainTextAsync("135****0000");
        Assert.DoesNotContain("13512340000", await page.ContentAsync());
    }

    [Fact]
    public async Task Members_page_sends_anonymous_visitors_to_the_login_page()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;

        await page.GotoAsync("/admin/members");

        Assert.StartsWith(site.BaseUrl + "/admin/login", page.Url);
        Assert.Contains("ReturnUrl=%2Fadmin%2Fmembers", page.Url);
        await Assertions.Expect(page.Locator("#Input_Email")).ToBeVisibleAsync();

        // Signing in from there goes back to where the visitor was headed.
        await page.Locator("#Input_Email").FillAsync(Shop.Testing.ShopAppFactory.AdminEmail);
        await page.Locator("#Input_Password").FillAsync(Shop.Testing.ShopAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The redirect is what is tested; the page's load is other tests' business (waiting for it timed
        // out once at 15 s on a fully loaded CI machine).
        await site.ArriveAsync(page, site.BaseUrl + "/admin/members", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Members");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;
        await AdminSite.SignInAsync(page);

        await page.Locator(".topbar").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await site.ArriveAsync(page, site.BaseUrl + "/admin/login");

        await page.GotoAsync("/admin");
        Assert.StartsWith(site.BaseUrl + "/admin/login", page.Url);
    }
}
