using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>
/// Browser-facing protections of the admin. Behind a load balancer that ends TLS the app sees plain HTTP; with forwarded headers turned on
/// (ASPNETCORE_FORWARDEDHEADERS_ENABLED, see README) the staff cookie is marked Secure all the same.
/// </summary>
public class AdminCookieTests
{
    private static async Task<string> SignInCookieAsync(ShopAppFactory app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var posted = await client.PostFormAsync("/admin/login", "/admin/login", new Dictionary<string, string>
        {
            ["Input.Email"] = ShopAppFactory.AdminEmail,
            ["Input.Password"] = ShopAppFactory.AdminPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return Assert.Single(posted.Headers.GetValues("Set-Cookie"), c => c.StartsWith("shop.admin=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Behind_a_tls_terminating_proxy_the_staff_cookie_is_secure()
    {
        using var app = new ShopAppFactory().WithSetting("FORWARDEDHEADERS_ENABLED", "true");

        var cookie = await SignInCookieAsync(app);

        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_forwarded_headers_turned_on_a_client_cannot_claim_https()
    {
        using var app = new ShopAppFactory();

        var cookie = await SignInCookieAsync(app);

        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/admin/login", "frame-ancestors 'none'")]
    [InlineData("/graphiql/index.html", "script-src 'self'")]
    public async Task Admin_and_graphiql_pages_may_not_be_framed(string path, string policyPart)
    {
        using var app = new ShopAppFactory();

        using var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(policyPart, string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
