using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Shop.Framework.Data;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Documents known by their sha256 hash (Apollo APQ shape). Kept in the database so every web
/// node knows a document one node has seen, and so an allow-list can be shipped with an app.
/// </summary>
public sealed class PersistedQueryStore(IDbConnectionFactory connections, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, string> _cache = new();

    public static string Hash(string document) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    public async Task<string?> FindAsync(string hash)
    {
        if (_cache.TryGetValue(hash, out var cached)) return cached;
        await using var session = new DbSession(connections);
        var document = await session.QuerySingleOrDefaultAsync<string>(
            "SELECT document FROM graphql_persisted_queries WHERE hash = @hash", new { hash });
        if (document is not null) _cache[hash] = document;
        return document;
    }

    /// <summary>Registers a document; a second registration of the same hash is a no-op.</summary>
    public async Task<string> RegisterAsync(string document)
    {
        var hash = Hash(document);
        await using var session = new DbSession(connections);
        await session.ExecuteAsync(
            "INSERT INTO graphql_persisted_queries (hash, document, created_at) VALUES (@hash, @document, @now) ON CONFLICT (hash) DO NOTHING",
            new { hash, document, now = clock.NowMs() });
        _cache[hash] = document;
        return hash;
    }
}
