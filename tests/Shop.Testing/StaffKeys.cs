using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Auth;
using Shop.Framework.Data;

namespace Shop.Testing;

public static class StaffKeys
{
    /// <summary>An admin API key whose role grants admin access and exactly <paramref name="permissions"/> besides.</summary>
    public static Task<AuthenticationHeaderValue> WithAsync(ShopAppFactory app, string role, params string[] permissions) =>
        ExactlyAsync(app, role, [FrameworkPermissions.AccessAdmin, .. permissions]);

    /// <summary>An API key whose role grants exactly <paramref name="permissions"/> (a monitoring key need not reach the admin).</summary>
    public static async Task<AuthenticationHeaderValue> ExactlyAsync(ShopAppFactory app, string role, params string[] permissions)
    {
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RolePermissions>()
                .SaveRoleAsync(scope.ServiceProvider.GetRequiredService<DbSession>(), role, permissions);
        var created = await app.AdminAsync("mutation($role: String!) { apiKeyCreate(input: {name: $role, role: $role}) { key } }", new { role });
        return new AuthenticationHeaderValue("ApiKey", created.Data!["apiKeyCreate"]!["key"]!.GetValue<string>());
    }
}
