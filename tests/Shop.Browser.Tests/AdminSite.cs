using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shop.Members.Models;
using Shop.Members.Services;
using Shop.Members.Services.Orders;
using Shop.Testing;

namespace Shop.Browser.Tests;

/// <summary>
/// The real app on a real loopback port (Kestrel, not the in-memory test server, because a
/// browser has to reach it), its own throwaway database with a few members, and one headless
/// Chromium. Each test opens its own browser context, so cookies never leak between tests.
/// </summary>
public sealed class AdminSite : IAsyncLifetime
{
    public const string KnownPhone = "13912345678";
    public const string KnownPhoneMasked = "139****5678";

    public ShopAppFactory App { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public string EditableMemberId { get; private set; } = "";
    public string KnownMemberId { get; private set; } = "";
    public IReadOnlyList<string> SeededNames { get; } = ["Wang Xiaoming", "Li Na", "Zhang Wei", "陈静"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public AdminSite() => App.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    public async Task InitializeAsync()
    {
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.Single().TrimEnd('/');
        await SeedAsync();

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SHOP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh, signed-out browser context with one page; dispose the context when done.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = 1280, Height = 860 }, Locale = "en-US" });
        var page = await context.NewPageAsync();
        // The server is local: anything slower than this is a hang, not a slow machine.
        page.SetDefaultTimeout(15_000);
        return (context, page);
    }

    /// <summary>
    /// Waits for the page to arrive at <paramref name="url"/> (after a form's redirect). When it does
    /// not, the failure says where the page is instead and what the server last logged at Warning or
    /// above, so a rare failure can be read from the test output alone.
    /// </summary>
    public async Task ArriveAsync(IPage page, string url, PageWaitForURLOptions? options = null)
    {
        try
        {
            await page.WaitForURLAsync(url, options);
        }
        catch (TimeoutException) when (page.Url == url)
        {
            // Arrived, but the load event never came: seen twice in full test runs on PostgreSQL
            // (the tier form's redirect), with the network idle and the page at the right address.
            // The document is what the assertions after this read, and they wait for what they need.
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        }
        catch (TimeoutException e)
        {
            var logged = App.Logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)
                || l.StartsWith("Critical", StringComparison.Ordinal)).TakeLast(10);
            throw new TimeoutException($"The page stayed at {page.Url} instead of {url}. The server's last warnings and errors:\n{string.Join("\n", logged)}", e);
        }
    }

    /// <summary>
    /// Signs in through the login form with the bootstrap account, returning once the form's answer
    /// (and with it the session cookie) has arrived. The click only starts the post: waiting for the
    /// login page's own DOMContentLoaded returned at once, and the test's next navigation could then
    /// overtake the post and its Set-Cookie.
    /// </summary>
    public static async Task SignInAsync(IPage page, string password = ShopAppFactory.AdminPassword)
    {
        await page.GotoAsync("/admin/login");
        await page.Locator("#Input_Email").FillAsync(ShopAppFactory.AdminEmail);
        await page.Locator("#Input_Password").FillAsync(password);
        await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath.Equals("/admin/login", StringComparison.OrdinalIgnoreCase));
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    private async Task SeedAsync()
    {
        using var scope = App.Services.CreateScope();
        var members = scope.ServiceProvider.GetRequiredService<MemberService>();
        async Task<string> Create(string name, string? phone, string? gender, string? city, string channel)
        {
            var result = await members.CreateAsync(new MemberInput(name, phone, "1990-05-17", gender, city, channel));
            Assert.Empty(result.Errors);
            return result.Member!.Id;
        }
        KnownMemberId = await Create("Wang Xiaoming", KnownPhone, "male", "Shanghai", "miniprogram");
        // Two sign-in identities: one whose subject is the phone itself, one opaque openid.
        await members.FindOrCreateByIdentityAsync(new ExternalIdentity("phone", KnownPhone, null, KnownPhone, "app"), null);
        await members.FindOrCreateByIdentityAsync(new ExternalIdentity("miniprogram", "oXyZ-openid-0123456789abcdef", "union-1", KnownPhone, "miniprogram"), null);
        await Create("Li Na", "13800000001", "female", "Beijing", "app");
        await Create("Zhang Wei", null, null, null, "admin");
        await Create("陈静", "13600000003", "female", "杭州", "miniprogram");
        EditableMemberId = await Create("Edit Me", "13700000002", "unknown", "Shenzhen", "store");

        // One paid order with a partial refund, for the member page's orders panel.
        var intake = scope.ServiceProvider.GetRequiredService<OrderIntakeService>();
        var paid = await intake.PayAsync(new OrderInput
        {
            OrderId = KnownOrderId,
            MemberId = KnownMemberId,
            ShippingFeeFen = 1_000,
            Lines = [new OrderLineInput { LineId = "L1", Sku = "TEA-1", Quantity = 1, AmountFen = 15_000 }],
        });
        Assert.Empty(paid.Errors);
        var refunded = await intake.RefundAsync(new OrderRefundInput
        {
            OrderId = KnownOrderId, RefundId = "R-1", Lines = [new RefundLineInput { LineId = "L1", Quantity = 0, AmountFen = 2_550 }],
        });
        Assert.Empty(refunded.Errors);
    }

    public const string KnownOrderId = "SO-20261123-0001";

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        App.Dispose();
    }
}
