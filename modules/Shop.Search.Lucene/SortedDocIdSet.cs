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
    /// or the length when there is none. The next few positions are looked at in turn (following a
    /// set of about the same size moves a step or two); past them the search gallops, then halves
    /// the last stretch, so following a much rarer set costs a logarithm per step, not a scan.
    /// </summary>
    public static int Seek(int[] docs, int from, int target)
    {
        var length = docs.Length;
        var scanned = Math.Min(length, from + LookAhead);
        for (var i = from; i < scanned; i++)
            if (docs[i] >= target) return i;
        // Everything before `low` is below the target; `high` is past the answer or the length.
        var low = scanned;
        var high = scanned;
        var step = LookAhead;
        while (high < length && docs[high] < target)
        {
            low = high + 1;
            step <<= 1;
            high = scanned + step;
        }
        high = Math.Min(high, length);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (docs[middle] < target) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    private const int LookAhead = 8;

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
