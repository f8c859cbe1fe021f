using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Auth;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>A signed-in staff member's cookie follows changes to their role and account, not only the state at sign-in.</summary>
public sealed class AdminSessionTests : IDisposable
{
    // Every request re-reads the account here; the default is once a minute.
    private readonly ShopAppFactory _app = new ShopAppFactory().WithSetting("Shop:Admin:SessionRecheck", "00:00:00");

    public void Dispose() => _app.Dispose();

    private async Task<HttpClient> SignedInAsync()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var posted = await client.PostFormAsync("/admin/login", "/admin/login", new Dictionary<string, string>
        {
            ["Input.Email"] = ShopAppFactory.AdminEmail,
            ["Input.Password"] = ShopAppFactory.AdminPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return client;
    }

    [Fact]
    public async Task A_role_that_loses_a_permission_loses_it_in_open_sessions()
    {
        var client = await SignedInAsync();
        var before = await client.GetAsync("/admin/members");

        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RolePermissions>()
                .SaveRoleAsync(scope.ServiceProvider.GetRequiredService<DbSession>(), AdminAuth.AdministratorRole, [FrameworkPermissions.AccessAdmin]);
        var after = await client.GetAsync("/admin/members");
        var dashboard = await client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/admin/denied", after.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task A_changed_security_stamp_signs_open_sessions_out()
    {
        var client = await SignedInAsync();
        var before = await client.GetAsync("/admin");

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            var user = await users.FindByEmailAsync(ShopAppFactory.AdminEmail);
            Assert.True((await users.UpdateSecurityStampAsync(user!)).Succeeded);
        }
        var after = await client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/admin/login", after.Headers.Location!.ToString());
    }
}
