using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Shop.Search.Lucene;

/// <summary>
/// One caching filter per (field, term) of an index. <see cref="CachingWrapperFilter"/> keeps a
/// bitset per segment core, so after the first query on a tag every later query (any audience
/// naming that tag) reuses it, and a refresh only computes bitsets for new segments. Bounded:
/// past the limit the cache starts over rather than grow with arbitrary user input.
/// </summary>
internal sealed class TermFilterCache(int limit = 20_000)
{
    private ConcurrentDictionary<(string Field, string Value), Filter> _filters = new();

    public Filter For(string field, string value)
    {
        var filters = _filters;
        if (filters.TryGetValue((field, value), out var cached)) return cached;
        if (filters.Count >= limit) _filters = filters = new ConcurrentDictionary<(string Field, string Value), Filter>();
        return filters.GetOrAdd((field, value), key =>
            new CachingWrapperFilter(new QueryWrapperFilter(new global::Lucene.Net.Search.TermQuery(new Term(key.Field, key.Value)))));
    }
}
