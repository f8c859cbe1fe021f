using Microsoft.Extensions.Caching.Memory;
using Shop.Framework.Data;
using Shop.Members.Models;

namespace Shop.Members.Services;

/// <summary>
/// Member rows kept across requests for lookups by id: <c>me</c> is the storefront's most frequent
/// query (a mini-program asks on every page), and reading the row was a fifth of its server time.
/// It keeps rows only where this process makes every write to the database, that is on SQLite (one
/// process owns the file, its writes all pass <see cref="MemberService"/>). On PostgreSQL other
/// nodes write too and nothing here would learn of it, so it keeps nothing there.
/// <para>
/// Never stale after a write: an entry carries the generation read <em>before</em> its row was read,
/// and every committed member write moves the generation on, so a row read before a commit is never
/// served after it (member edits are rare beside reads; they drop every entry at once, which is
/// what makes the rule race-free without a lock). Entries also expire after
/// <see cref="Lifetime"/>, which bounds what a tool writing the file from another process could leave
/// stale, and at most <see cref="Capacity"/> are held.
/// </para>
/// </summary>
public sealed class MemberCache : IDisposable
{
    public const int Capacity = 100_000;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly MemoryCache? _entries;
    private long _generation;

    public MemberCache(IDbConnectionFactory connections)
    {
        if (connections.Provider == DatabaseProvider.Sqlite)
            _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = Capacity });
    }

    /// <summary>Read before reading a row, and handed to <see cref="Keep"/> with it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public Member? Find(string id) =>
        _entries is not null && _entries.TryGetValue(id, out Entry? entry) && entry!.Generation == Generation ? entry.Member : null;

    public void Keep(Member member, long generation) =>
        _entries?.Set(member.Id, new Entry(generation, member), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });

    /// <summary>A member row changed; called once the change is committed.</summary>
    public void Changed() => Interlocked.Increment(ref _generation);

    public void Dispose() => _entries?.Dispose();

    private sealed record Entry(long Generation, Member Member);
}
