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

    private sealed class Iterator(int[] docs) : DocIdSetIterator
    {
        private int _index = -1;
        private int _doc = -1;

        public override int DocID => _doc;

        public override int NextDoc() => _doc = ++_index < docs.Length ? docs[_index] : NO_MORE_DOCS;

        public override int Advance(int target)
        {
            // Gallop from the current position, then binary search the last stretch.
            var low = _index + 1;
            var step = 1;
            var high = low;
            while (high < docs.Length && docs[high] < target)
            {
                low = high + 1;
                high += step;
                step <<= 1;
            }
            _index = Array.BinarySearch(docs, low, Math.Min(high + 1, docs.Length) - low, target);
            if (_index < 0) _index = ~_index;
            return _doc = _index < docs.Length ? docs[_index] : NO_MORE_DOCS;
        }

        public override long GetCost() => docs.Length;
    }
}
