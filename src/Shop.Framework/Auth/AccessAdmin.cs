using System.Security.Claims;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;

namespace Shop.Framework.Auth;

/// <summary>
/// Roles and API keys as staff manage them. Nobody hands out more than they hold: a role saved,
/// or a key created for a role, may grant only permissions the caller has, so a System.Manage
/// holder cannot mint an Administrator key or widen a role past their own rights.
/// </summary>
public sealed class AccessAdmin(DbSession db, RolePermissions roles, PermissionRegistry registry, ApiKeyService keys)
{
    public const int MaxRoleNameLength = 64;

    public async Task<IReadOnlyList<RoleView>> RolesAsync()
    {
        var names = await db.QueryAsync<string>("SELECT name FROM admin_roles ORDER BY name");
        var result = new List<RoleView>();
        foreach (var name in names) result.Add(new RoleView(name, await roles.ForRolesAsync([name])));
        return result;
    }

    /// <summary>Creates or replaces a role's permissions; the built-in Administrator ("*") is not editable.</summary>
    public async Task<RoleSaved> SaveRoleAsync(ClaimsPrincipal caller, string name, IReadOnlyList<string> permissions)
    {
        name = name.Trim();
        if (name.Length is 0 or > MaxRoleNameLength)
            return RoleSaved.Refused(new UserError(ErrorCodes.Validation, $"The name must be 1 to {MaxRoleNameLength} characters.", "name"));
        if (name.Equals(AdminAuth.AdministratorRole, StringComparison.OrdinalIgnoreCase))
            return RoleSaved.Refused(new UserError(ErrorCodes.Validation, "Administrator is built in and grants every permission.", "name"));
        var known = registry.All.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < permissions.Count; i++)
        {
            if (!known.Contains(permissions[i]))
                return RoleSaved.Refused(new UserError(ErrorCodes.Validation, $"No permission '{permissions[i]}'.", $"permissions[{i}]"));
            if (!caller.HasPermission(permissions[i]))
                return RoleSaved.Refused(new UserError(ErrorCodes.AccessDenied, $"You cannot grant '{permissions[i]}': you do not hold it.", $"permissions[{i}]"));
        }
        // Identity matches role names case-insensitively: saving "support" edits "Support".
        var stored = await roles.SaveRoleAsync(db, name, permissions);
        return new RoleSaved(new RoleView(stored, permissions.Distinct().Order(StringComparer.Ordinal).ToList()), []);
    }

    private const string KeyColumns = "id AS Id, name AS Name, prefix AS Prefix, role AS Role, created_at AS CreatedAt, revoked_at AS RevokedAt";

    /// <summary>Every key, newest first: names, prefixes and roles, never the keys (only their hashes are stored).</summary>
    public Task<IEnumerable<ApiKeyView>> KeysAsync() =>
        db.QueryAsync<ApiKeyView>($"SELECT {KeyColumns} FROM api_keys ORDER BY created_at DESC, id");

    private Task<ApiKeyView?> KeyAsync(string id) =>
        db.QuerySingleOrDefaultAsync<ApiKeyView>($"SELECT {KeyColumns} FROM api_keys WHERE id = @id", new { id });

    /// <summary>A key for an existing role whose permissions the caller holds every one of.</summary>
    public async Task<ApiKeyCreated> CreateKeyAsync(ClaimsPrincipal caller, string name, string role)
    {
        var granted = await roles.ForRolesAsync([role]);
        if (granted.FirstOrDefault(p => !caller.HasPermission(p)) is { } beyond)
            return ApiKeyCreated.Refused(new UserError(ErrorCodes.AccessDenied,
                beyond == ShopClaims.AllPermissions ? $"Only an administrator can create a key for '{role}'." : $"Role '{role}' grants '{beyond}', which you do not hold.", "role"));
        return await keys.CreateAsync(name, role);
    }

    /// <summary>Revokes a key at once (keys are looked up on every request); revoking a revoked key changes nothing.</summary>
    public async Task<ApiKeyRevoked> RevokeKeyAsync(string id)
    {
        if (await KeyAsync(id) is null) return new ApiKeyRevoked(null, [new UserError(ErrorCodes.NotFound, $"No API key '{id}'.", "id")]);
        await keys.RevokeAsync(id);
        return new ApiKeyRevoked(await KeyAsync(id), []);
    }
}

public sealed record RoleView(string Name, IReadOnlyList<string> Permissions);

public sealed record RoleSaved(RoleView? Role, IReadOnlyList<UserError> Errors)
{
    public static RoleSaved Refused(UserError error) => new(null, [error]);
}

public sealed record ApiKeyView
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Prefix { get; init; } = "";
    public string Role { get; init; } = "";
    public long CreatedAt { get; init; }
    public long? RevokedAt { get; init; }
}

public sealed record ApiKeyRevoked(ApiKeyView? Key, IReadOnlyList<UserError> Errors);
