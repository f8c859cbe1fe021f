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
/// Staff list the allow-list and remove what an app no longer sends (or what an earlier release
/// let clients add); a removal reaches the other nodes within <see cref="AllowListRecheck"/>.
/// </summary>
public sealed class PersistedQueryStore(IDbConnectionFactory connections, TimeProvider clock) : IDisposable
{
    /// <summary>Characters of client-sent documents a node remembers; the least recently used go first.</summary>
    public const long RememberedCharacters = 8_000_000;

    /// <summary>How long a node trusts its copy of an allow-listed document before asking the database again.</summary>
    public static readonly TimeSpan AllowListRecheck = TimeSpan.FromMinutes(1);

    private readonly MemoryCache _remembered = new(new MemoryCacheOptions { SizeLimit = RememberedCharacters });
    private readonly ConcurrentDictionary<string, (string Document, DateTimeOffset LoadedAt)> _allowed = new();

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
        var now = clock.GetUtcNow();
        if (_allowed.TryGetValue(hash, out var cached) && now - cached.LoadedAt < AllowListRecheck) return cached.Document;
        await using var session = new DbSession(connections);
        var document = await session.QuerySingleOrDefaultAsync<string>(
            "SELECT document FROM graphql_persisted_queries WHERE hash = @hash", new { hash });
        if (document is not null) _allowed[hash] = (document, now);
        else _allowed.TryRemove(hash, out _);
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
        _allowed[hash] = (document, clock.GetUtcNow());
        return hash;
    }

    /// <summary>The allow-list in hash order, a page at a time (the cursor is the last hash).</summary>
    public async Task<(IReadOnlyList<PersistedQueryView> Rows, int Total)> ListAsync(PageRequest page)
    {
        await using var session = new DbSession(connections);
        var total = await session.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM graphql_persisted_queries");
        var rows = await session.QueryAsync<PersistedQueryView>(
            "SELECT hash AS Hash, document AS Document, created_at AS CreatedAt FROM graphql_persisted_queries " +
            (page.AfterKey is null ? "" : "WHERE hash > @after ") + "ORDER BY hash LIMIT @limit",
            new { after = page.AfterKey, limit = page.First + 1 });
        return (rows.ToList(), total);
    }

    /// <summary>Takes documents off the allow-list; returns the hashes that were on it.</summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(IReadOnlyCollection<string> hashes)
    {
        await using var session = new DbSession(connections);
        var removed = new List<string>();
        foreach (var hash in hashes.Distinct(StringComparer.Ordinal))
        {
            if (await session.ExecuteAsync("DELETE FROM graphql_persisted_queries WHERE hash = @hash", new { hash }) > 0) removed.Add(hash);
            _allowed.TryRemove(hash, out _);
        }
        return removed;
    }

    public void Dispose() => _remembered.Dispose();
}

public sealed record PersistedQueryView
{
    public string Hash { get; init; } = "";
    public string Document { get; init; } = "";
    public long CreatedAt { get; init; }
}
