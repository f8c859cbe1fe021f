using System.Net.Http.Headers;
using Shop.Framework.Auth;
using Shop.Framework.Data;
using Microsoft.Extensions.DependencyInjection;
using Shop.Testing;

namespace Shop.Web.Tests;

public class AdminAuthTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private readonly ShopAppFactory _app = fixture.App;

    [Fact]
    public async Task The_admin_schema_needs_a_staff_credential()
    {
        var response = await _app.AdminAsync("{ viewer { name } }", auth: null!);
        var anonymous = await _app.PostAsync("/admin/graphql", "{ viewer { name } }", null, null);

        Assert.Equal(200, response.Status);
        Assert.Equal(401, anonymous.Status);
        Assert.Equal("UNAUTHENTICATED", anonymous.FirstErrorCode);
    }

    [Fact]
    public async Task A_member_token_never_reaches_an_admin_field()
    {
        var token = await _app.LoginAsync("13700000001");

        var response = await _app.AdminAsync("{ members { totalCount } }", auth: new AuthenticationHeaderValue("Bearer", token));

        Assert.Equal(401, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.FirstErrorCode);
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task The_bootstrap_key_is_an_administrator()
    {
        var response = await _app.AdminAsync("{ viewer { name roles permissions } modules { name } }");

        Assert.Equal("api-key:bootstrap", response.Data!["viewer"]!["name"]!.GetValue<string>());
        Assert.Contains("*", response.Data["viewer"]!["permissions"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains("Shop.Members", response.Data["modules"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_key_for_a_role_without_the_permission_is_denied_before_anything_runs()
    {
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbSession>();
            await scope.ServiceProvider.GetRequiredService<RolePermissions>().SaveRoleAsync(db, "Support", [FrameworkPermissions.AccessAdmin]);
        }
        var created = await _app.AdminAsync("mutation { apiKeyCreate(input: {name: \"support-bot\", role: \"Support\"}) { id key } }");
        var key = created.Data!["apiKeyCreate"]!["key"]!.GetValue<string>();
        var auth = new AuthenticationHeaderValue("ApiKey", key);

        var allowed = await _app.AdminAsync("{ viewer { name } modules { name } }", auth: auth);
        // The administrator runs the document first, so the denial below comes from the cached, already-validated document.
        var permitted = await _app.AdminAsync("{ members { totalCount } }");
        var denied = await _app.AdminAsync("{ members { totalCount } }", auth: auth);
        var deniedMutation = await _app.AdminAsync("mutation { memberCreate(input: {displayName: \"x\"}) { member { id } } }", auth: auth);

        Assert.Equal("api-key:support-bot", allowed.Data!["viewer"]!["name"]!.GetValue<string>());
        Assert.Equal(200, permitted.Status);
        Assert.Equal(403, denied.Status);
        Assert.Equal("ACCESS_DENIED", denied.FirstErrorCode);
        Assert.Equal(403, deniedMutation.Status);
        Assert.Equal(0L, await CountMembersNamedAsync("x"));
    }

    [Fact]
    public async Task A_key_needs_a_name_that_fits_and_a_role_that_exists()
    {
        const string create = "mutation($name: String!, $role: String) { apiKeyCreate(input: {name: $name, role: $role}) { id key errors { code field } } }";

        var blank = await _app.AdminAsync(create, new { name = "  ", role = (string?)null });
        var tooLong = await _app.AdminAsync(create, new { name = new string('k', 101), role = (string?)null });
        var noRole = await _app.AdminAsync(create, new { name = "ci", role = "NoSuchRole" });
        var fine = await _app.AdminAsync(create, new { name = new string('k', 100), role = (string?)null });

        Assert.Equal(("VALIDATION", "name"), FirstError(blank));
        Assert.Equal(("VALIDATION", "name"), FirstError(tooLong));
        Assert.Equal(("NOT_FOUND", "role"), FirstError(noRole));
        Assert.All(new[] { blank, tooLong, noRole }, r => Assert.Null(r.Data!["apiKeyCreate"]!["key"]));
        Assert.Empty(fine.Data!["apiKeyCreate"]!["errors"]!.AsArray());
        Assert.StartsWith("shop_", fine.Data["apiKeyCreate"]!["key"]!.GetValue<string>());

        static (string, string) FirstError(GraphQLResponse r)
        {
            var error = r.Data!["apiKeyCreate"]!["errors"]![0]!;
            return (error["code"]!.GetValue<string>(), error["field"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_sign_in_post_whose_values_do_not_bind_is_refused_with_400_and_signs_no_one_in()
    {
        // The login page cannot show itself again for this (it is no IRedisplayForm): a browser never
        // posts a checkbox as "maybe", so BindingErrorsStopHandlers answers 400 instead of running the handler.
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var posted = await client.PostFormAsync("/admin/login", "/admin/login", new Dictionary<string, string>
        {
            ["Input.Email"] = ShopAppFactory.AdminEmail,
            ["Input.Password"] = ShopAppFactory.AdminPassword,
            ["Input.RememberMe"] = "maybe",
        });
        var dashboard = await client.GetAsync("/admin");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("must be true or false", await posted.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.Contains("/admin/login", dashboard.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Unknown_and_revoked_keys_are_refused()
    {
        var created = await _app.AdminAsync("mutation { apiKeyCreate(input: {name: \"temp\"}) { id key } }");
        var id = created.Data!["apiKeyCreate"]!["id"]!.GetValue<string>();
        var key = created.Data["apiKeyCreate"]!["key"]!.GetValue<string>();
        using (var scope = _app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync(id);

        var revoked = await _app.AdminAsync("{ viewer { name } }", auth: new AuthenticationHeaderValue("ApiKey", key));
        var unknown = await _app.AdminAsync("{ viewer { name } }", auth: new AuthenticationHeaderValue("ApiKey", "shop_nope"));

        Assert.Equal(401, revoked.Status);
        Assert.Equal(401, unknown.Status);
    }

    [Fact]
    public async Task The_api_key_is_stored_only_as_a_hash()
    {
        var created = await _app.AdminAsync("mutation { apiKeyCreate(input: {name: \"hash-check\"}) { key } }");
        var key = created.Data!["apiKeyCreate"]!["key"]!.GetValue<string>();

        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var stored = await db.QuerySingleOrDefaultAsync<string>("SELECT key_hash FROM api_keys WHERE name = 'hash-check'");

        Assert.Equal(ApiKeyService.Hash(key), stored);
        Assert.NotEqual(key, stored);
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM api_keys WHERE key_hash = @key", new { key }));
    }

    private async Task<long> CountMembersNamedAsync(string name)
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DbSession>().ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM members WHERE display_name = @name", new { name });
    }
}
