using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Shop.Search.Lucene;

/// <summary>
/// A cached set of few documents as their ascending ids: 4 bytes a document, iterated (and
/// intersected by <see cref="LuceneCounter"/>) with plain array reads, where Lucene's compressed
/// set decodes words behind virtual calls.
/// </summary>
internal sealed class SortedDocIdSet(int[] docs) : DocIdSet
{
    public int[] Docs { get; } = docs;

    public override bool IsCacheable => true;

    public override DocIdSetIterator GetIterator() => new Iterator(Docs);

    /// <summary>
    /// The first position at or after <paramref name="from"/> whose id is ≥ <paramref name="target"/>,
    /// or the length when there is none: galloping from <paramref name="from"/>, then a binary search
    /// of the last stretch, so following a much rarer set costs a logarithm per step, not a scan.
    /// </summary>
    public static int Seek(int[] docs, int from, int target)
    {
        if (from >= docs.Length || docs[from] >= target) return from;
        var step = 1;
        var low = from;
        var high = from + 1;
        while (high < docs.Length && docs[high] < target)
        {
            low = high;
            step <<= 1;
            high = from + step;
        }
        high = Math.Min(high, docs.Length - 1);
        if (docs[high] < target) return docs.Length;
        var found = Array.BinarySearch(docs, low, high - low + 1, target);
        return found >= 0 ? found : ~found;
    }

    private sealed class Iterator(int[] docs) : DocIdSetIterator
    {
        private int _index = -1;
        private int _doc = -1;

        public override int DocID => _doc;

        public override int NextDoc() => _doc = ++_index < docs.Length ? docs[_index] : NO_MORE_DOCS;

        public override int Advance(int target)
        {
            _index = Seek(docs, _index + 1, target);
            return _doc = _index < docs.Length ? docs[_index] : NO_MORE_DOCS;
        }

        public override long GetCost() => docs.Length;
    }
}
