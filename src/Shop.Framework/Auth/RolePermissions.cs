using System.Collections.Concurrent;
using System.Text.Json;
using Shop.Framework.Data;

namespace Shop.Framework.Auth;

/// <summary>Which permissions each role grants. Roles are rows; Administrator grants "*".</summary>
public sealed class RolePermissions(IDbConnectionFactory connections)
{
    private readonly ConcurrentDictionary<string, (IReadOnlyList<string> Permissions, DateTime LoadedAt)> _cache = new();

    public async Task<IReadOnlyList<string>> ForRolesAsync(IEnumerable<string> roles)
    {
        var result = new HashSet<string>();
        foreach (var role in roles)
        {
            // Keyed like Identity compares role names (case-insensitively): a user's roles may come back
            // normalised (ADMINISTRATOR) while a role is saved by its display name (Administrator).
            var key = role.ToUpperInvariant();
            if (!_cache.TryGetValue(key, out var entry) || DateTime.UtcNow - entry.LoadedAt > TimeSpan.FromSeconds(30))
            {
                await using var session = new DbSession(connections);
                // Identity stores role names normalised (upper case); role rows keep their display name.
                var json = await session.QuerySingleOrDefaultAsync<string>(
                    "SELECT permissions FROM admin_roles WHERE UPPER(name) = @role", new { role = role.ToUpperInvariant() });
                entry = (json is null ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [], DateTime.UtcNow);
                _cache[key] = entry;
            }
            result.UnionWith(entry.Permissions);
        }
        return result.Order().ToList();
    }

    public async Task SaveRoleAsync(DbSession db, string role, IEnumerable<string> permissions)
    {
        var json = JsonSerializer.Serialize(permissions.Distinct().Order().ToList());
        await db.ExecuteAsync(
            "INSERT INTO admin_roles (name, permissions) VALUES (@role, @json) ON CONFLICT (name) DO UPDATE SET permissions = @json",
            new { role, json });
        _cache.TryRemove(role.ToUpperInvariant(), out _);
    }
}
