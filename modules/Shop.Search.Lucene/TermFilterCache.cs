using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

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
            new DenseCachingFilter(new QueryWrapperFilter(new global::Lucene.Net.Search.TermQuery(new Term(key.Field, key.Value)))));
    }

    /// <summary>
    /// Caches a term held by many documents (1 in 32 or more) as a plain bitset, which conjunctions
    /// and <see cref="LuceneCounter"/> combine a word at a time, and a rarer term as its sorted
    /// document ids (<see cref="SortedDocIdSet"/>). Either takes at most 4 bytes per posting.
    /// </summary>
    private sealed class DenseCachingFilter(Filter filter) : CachingWrapperFilter(filter)
    {
        private const int DenseRatio = 32;

        protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
        {
            var bits = new FixedBitSet(reader.MaxDoc);
            bits.Or(iterator);
            var cardinality = bits.Cardinality;
            if ((long)cardinality * DenseRatio >= reader.MaxDoc) return bits;
            var docs = new int[cardinality];
            var ids = bits.GetIterator();
            for (var i = 0; i < docs.Length; i++) docs[i] = ids.NextDoc();
            return new SortedDocIdSet(docs);
        }
    }
}
