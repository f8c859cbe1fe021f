using System.Net.Http.Headers;
using Shop.Framework.Auth;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>Roles and API keys managed through the admin schema, and nobody granting more than they hold.</summary>
public class AccessAdminTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private readonly ShopAppFactory _app = fixture.App;

    private const string SaveRole = "mutation($n: String!, $p: [String!]!) { roleSave(input: {name: $n, permissions: $p}) { role { name permissions } errors { code field } } }";
    private const string CreateKey = "mutation($n: String!, $r: String) { apiKeyCreate(input: {name: $n, role: $r}) { id key errors { code field } } }";
    private const string RevokeKey = "mutation($id: ID!) { apiKeyRevoke(input: {id: $id}) { key { id revokedAt } errors { code field } } }";

    private static (string Code, string Field)? FirstError(GraphQLResponse response, string field) =>
        response.Data![field]!["errors"]!.AsArray().FirstOrDefault() is { } e ? (e["code"]!.GetValue<string>(), e["field"]!.GetValue<string>()) : null;

    [Fact]
    public async Task A_monitoring_role_and_its_key_are_made_listed_and_revoked_through_the_admin_schema()
    {
        var saved = await _app.AdminAsync(SaveRole, new { n = "Monitoring", p = new[] { FrameworkPermissions.ReadMetrics } });
        var created = await _app.AdminAsync(CreateKey, new { n = "prometheus", r = "Monitoring" });
        var keyId = created.Data!["apiKeyCreate"]!["id"]!.GetValue<string>();
        var auth = new AuthenticationHeaderValue("ApiKey", created.Data["apiKeyCreate"]!["key"]!.GetValue<string>());

        var viewer = await _app.AdminAsync("{ viewer { permissions } }", auth: auth);
        var listed = await _app.AdminAsync("{ roles { name permissions } apiKeys { id name prefix role revokedAt } permissions { name module } }");
        var revoked = await _app.AdminAsync(RevokeKey, new { id = keyId });
        var afterRevoke = await _app.AdminAsync("{ viewer { permissions } }", auth: auth);
        var again = await _app.AdminAsync(RevokeKey, new { id = keyId });
        var unknown = await _app.AdminAsync(RevokeKey, new { id = "key_nope" });

        Assert.Null(FirstError(saved, "roleSave"));
        Assert.Equal([FrameworkPermissions.ReadMetrics], saved.Data!["roleSave"]!["role"]!["permissions"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal([FrameworkPermissions.ReadMetrics], viewer.Data!["viewer"]!["permissions"]!.AsArray().Select(p => p!.GetValue<string>()));
        var role = listed.Data!["roles"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "Monitoring")!;
        Assert.Equal(FrameworkPermissions.ReadMetrics, role["permissions"]![0]!.GetValue<string>());
        var key = listed.Data["apiKeys"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == keyId)!;
        Assert.Equal(("prometheus", "Monitoring"), (key["name"]!.GetValue<string>(), key["role"]!.GetValue<string>()));
        Assert.StartsWith("shop_", key["prefix"]!.GetValue<string>());
        Assert.Null(key["revokedAt"]);
        Assert.DoesNotContain(created.Data["apiKeyCreate"]!["key"]!.GetValue<string>(), listed.Body!.ToJsonString());
        Assert.Contains(listed.Data["permissions"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Members.View" && p["module"]!.GetValue<string>() == "Shop.Members");
        Assert.Null(FirstError(revoked, "apiKeyRevoke"));
        var revokedAt = revoked.Data!["apiKeyRevoke"]!["key"]!["revokedAt"]!.GetValue<string>();
        Assert.Equal(401, afterRevoke.Status);
        Assert.Equal(revokedAt, again.Data!["apiKeyRevoke"]!["key"]!["revokedAt"]!.GetValue<string>());
        Assert.Equal(("NOT_FOUND", "id"), FirstError(unknown, "apiKeyRevoke"));
    }

    [Fact]
    public async Task A_system_manager_cannot_grant_or_mint_keys_for_what_they_do_not_hold()
    {
        var ops = await StaffKeys.WithAsync(_app, "Ops", FrameworkPermissions.ManageSystem);

        var adminKey = await _app.AdminAsync(CreateKey, new { n = "escalate", r = (string?)null }, ops);
        var wider = await _app.AdminAsync(SaveRole, new { n = "Wider", p = new[] { "Members.Manage" } }, ops);
        var builtIn = await _app.AdminAsync(SaveRole, new { n = "administrator", p = new[] { FrameworkPermissions.AccessAdmin } }, ops);
        var unknown = await _app.AdminAsync(SaveRole, new { n = "Odd", p = new[] { FrameworkPermissions.AccessAdmin, "No.Such" } }, ops);
        var everything = await _app.AdminAsync(SaveRole, new { n = "Star", p = new[] { ShopClaims.AllPermissions } }, ops);
        var within = await _app.AdminAsync(SaveRole, new { n = "Ops Helper", p = new[] { FrameworkPermissions.AccessAdmin, FrameworkPermissions.ManageSystem } }, ops);
        var withinKey = await _app.AdminAsync(CreateKey, new { n = "helper", r = "Ops Helper" }, ops);
        var roles = await _app.AdminAsync("{ roles { name } }");

        Assert.Equal(("ACCESS_DENIED", "role"), FirstError(adminKey, "apiKeyCreate"));
        Assert.Null(adminKey.Data!["apiKeyCreate"]!["key"]);
        Assert.Equal(("ACCESS_DENIED", "permissions[0]"), FirstError(wider, "roleSave"));
        Assert.Equal(("VALIDATION", "name"), FirstError(builtIn, "roleSave"));
        Assert.Equal(("VALIDATION", "permissions[1]"), FirstError(unknown, "roleSave"));
        Assert.Equal(("VALIDATION", "permissions[0]"), FirstError(everything, "roleSave"));
        Assert.Null(FirstError(within, "roleSave"));
        Assert.Null(FirstError(withinKey, "apiKeyCreate"));
        Assert.StartsWith("shop_", withinKey.Data!["apiKeyCreate"]!["key"]!.GetValue<string>());
        var names = roles.Data!["roles"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("Wider", names);
        Assert.DoesNotContain("Star", names);
        Assert.Contains("Ops Helper", names);
    }

    [Fact]
    public async Task Only_a_system_manager_sees_or_changes_roles_and_keys()
    {
        var viewer = await StaffKeys.WithAsync(_app, "Viewer Only", "Members.View");

        var roles = await _app.AdminAsync("{ roles { name } }", auth: viewer);
        var save = await _app.AdminAsync(SaveRole, new { n = "Sneaky", p = new[] { "Members.View" } }, viewer);

        Assert.Equal(403, roles.Status);
        Assert.Equal("ACCESS_DENIED", roles.FirstErrorCode);
        Assert.Equal(403, save.Status);
    }

    [Fact]
    public async Task Staff_saving_one_role_in_different_cases_at_once_edit_one_role()
    {
        var spellings = new[] { "Night Shift", "night shift", "NIGHT SHIFT", "Night shift" };

        var saves = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            _app.AdminAsync(SaveRole, new { n = spellings[i % spellings.Length], p = new[] { FrameworkPermissions.AccessAdmin } })));
        var roles = await _app.AdminAsync("{ roles { name } }");

        Assert.All(saves, s => Assert.Null(FirstError(s, "roleSave")));
        var stored = roles.Data!["roles"]!.AsArray().Select(r => r!["name"]!.GetValue<string>())
            .Where(n => n.Equals("night shift", StringComparison.OrdinalIgnoreCase)).ToList();
        var name = Assert.Single(stored);
        Assert.All(saves, s => Assert.Equal(name, s.Data!["roleSave"]!["role"]!["name"]!.GetValue<string>()));
    }
}
