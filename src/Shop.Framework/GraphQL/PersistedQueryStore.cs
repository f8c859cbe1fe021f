using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Shop.Framework.Data;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Documents known by their sha256 hash (Apollo APQ shape), from two sources kept apart:
/// <list type="bullet">
/// <item>The allow-list: documents staff registered (<c>persistedQueriesRegister</c>), in the
/// database so every web node runs them and an app's documents can be shipped with it. Only
/// these run when <see cref="GraphQLOptions.PersistedQueriesOnly"/> is on.</item>
/// <item>Documents clients sent with their hash, once they ran: remembered in this node's memory
/// only, bounded by size. Anyone can send a document, so none of them may reach the allow-list
/// or grow the database; a node that has not seen one answers PERSISTED_QUERY_NOT_FOUND and the
/// client sends it again, as the protocol expects.</item>
/// </list>
/// </summary>
public sealed class PersistedQueryStore(IDbConnectionFactory connections, TimeProvider clock) : IDisposable
{
    /// <summary>Characters of client-sent documents a node remembers; the least recently used go first.</summary>
    public const long RememberedCharacters = 8_000_000;

    private readonly MemoryCache _remembered = new(new MemoryCacheOptions { SizeLimit = RememberedCharacters });
    private readonly ConcurrentDictionary<string, string> _allowed = new();

    public static string Hash(string document) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    /// <summary>64 lowercase hex digits: anything else is no sha256 hash and is never looked up.</summary>
    public static bool IsHash(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigitLower);

    /// <summary>A document this node remembers or the allow-list holds.</summary>
    public async Task<string?> FindAsync(string hash) =>
        _remembered.TryGetValue(hash, out string? remembered) ? remembered : await AllowedAsync(hash);

    /// <summary>The allow-listed document with this hash, if staff registered one.</summary>
    public async Task<string?> AllowedAsync(string hash)
    {
        if (_allowed.TryGetValue(hash, out var cached)) return cached;
        await using var session = new DbSession(connections);
        var document = await session.QuerySingleOrDefaultAsync<string>(
            "SELECT document FROM graphql_persisted_queries WHERE hash = @hash", new { hash });
        if (document is not null) _allowed[hash] = document;
        return document;
    }

    /// <summary>Remembers a document a client sent with its (checked) hash, after it ran.</summary>
    public void Remember(string hash, string document) =>
        _remembered.Set(hash, document, new MemoryCacheEntryOptions { Size = Math.Max(1, document.Length), SlidingExpiration = TimeSpan.FromDays(1) });

    /// <summary>Adds a document to the allow-list; a second registration of the same hash is a no-op.</summary>
    public async Task<string> RegisterAsync(string document)
    {
        var hash = Hash(document);
        await using var session = new DbSession(connections);
        await session.ExecuteAsync(
            "INSERT INTO graphql_persisted_queries (hash, document, created_at) VALUES (@hash, @document, @now) ON CONFLICT (hash) DO NOTHING",
            new { hash, document, now = clock.NowMs() });
        _allowed[hash] = document;
        return hash;
    }

    public void Dispose() => _remembered.Dispose();
}
