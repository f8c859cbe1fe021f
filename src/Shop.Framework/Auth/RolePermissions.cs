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
                // Identity stores role names normalised (upper case); role rows keep their display name beside it.
                var json = await session.QuerySingleOrDefaultAsync<string>(
                    "SELECT permissions FROM admin_roles WHERE normalized_name = @key", new { key });
                entry = (json is null ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [], DateTime.UtcNow);
                _cache[key] = entry;
            }
            result.UnionWith(entry.Permissions);
        }
        return result.Order().ToList();
    }

    /// <summary>
    /// Creates the role or replaces its permissions, matching the name as Identity does; the first
    /// spelling saved stays the display name. Returns that stored name.
    /// </summary>
    public async Task<string> SaveRoleAsync(DbSession db, string role, IEnumerable<string> permissions)
    {
        var json = JsonSerializer.Serialize(permissions.Distinct().Order().ToList());
        var key = role.ToUpperInvariant();
        // One statement, so two staff saving "Support" and "support" together meet at the unique key.
        var stored = await db.InTransactionAsync(() => db.QuerySingleOrDefaultAsync<string>(
            "INSERT INTO admin_roles (name, normalized_name, permissions) VALUES (@role, @key, @json) " +
            "ON CONFLICT (normalized_name) DO UPDATE SET permissions = @json RETURNING name",
            new { role, key, json }));
        _cache.TryRemove(key, out _);
        return stored!;
    }

    public static Task<bool> ExistsAsync(DbSession db, string role) =>
        db.ExecuteScalarAsync<bool>("SELECT COUNT(*) > 0 FROM admin_roles WHERE normalized_name = @key", new { key = role.ToUpperInvariant() });
}
