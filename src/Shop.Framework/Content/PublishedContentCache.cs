using System.Collections.Concurrent;

namespace Shop.Framework.Content;

/// <summary>
/// The published items of each content type, kept in memory: programmes and tiers are read on
/// every check-in and order, and change a few times a month. A publish or archive on this node
/// drops its type once the transaction commits; other nodes see the change within
/// <see cref="MaxAge"/> (<c>Shop:Content:PublishedCacheSeconds</c>, default 5, 0 = no cache).
/// Items are immutable records, so sharing them across requests is safe.
/// </summary>
public sealed class PublishedContentCache(TimeSpan maxAge)
{
    private sealed record Entry(IReadOnlyList<ContentItem> Items, long LoadedAt, long Generation);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private readonly ConcurrentDictionary<string, long> _generations = new();

    public TimeSpan MaxAge { get; } = maxAge;

    public async Task<IReadOnlyList<ContentItem>> GetOrLoadAsync(string contentType, Func<Task<IReadOnlyList<ContentItem>>> load)
    {
        if (MaxAge <= TimeSpan.Zero) return await load();
        var now = Environment.TickCount64;
        var generation = _generations.GetValueOrDefault(contentType);
        if (_entries.TryGetValue(contentType, out var entry) && entry.Generation == generation && now - entry.LoadedAt < MaxAge.TotalMilliseconds)
            return entry.Items;
        var items = await load();
        // A publish that committed while we were loading bumped the generation: keep what we
        // read for this request, but don't let it stand in for the newer state.
        if (_generations.GetValueOrDefault(contentType) == generation) _entries[contentType] = new Entry(items, now, generation);
        return items;
    }

    public void Invalidate(string contentType)
    {
        _generations.AddOrUpdate(contentType, 1, (_, g) => g + 1);
        _entries.TryRemove(contentType, out _);
    }
}
