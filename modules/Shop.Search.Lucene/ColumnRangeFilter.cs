using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Shop.Search.Lucene;

/// <summary>
/// The documents whose value of a single-valued number or date field meets a
/// <see cref="ValueCheck"/>, read from the segment's cached column (documents without a value
/// never match). Random access as well as iteration, so a conjunction tests only the documents
/// its other clauses leave.
/// </summary>
internal sealed class ColumnRangeFilter(NumericValuesCache values, ValueCheck check) : Filter
{
    public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
    {
        var reader = context.AtomicReader;
        return new Matches(values.For(reader, check.Field, !check.IsDouble), check, reader.MaxDoc, acceptDocs);
    }

    public override string ToString() => $"ColumnRangeFilter({check.Field})";

    private sealed class Matches(NumericValuesCache.Column column, ValueCheck check, int maxDoc, IBits? acceptDocs) : DocIdSet, IBits
    {
        public override IBits Bits => this;

        public int Length => maxDoc;

        public bool Get(int index) => column.Has(index) && check.Matches(column.Values[index]) && (acceptDocs is null || acceptDocs.Get(index));

        public override DocIdSetIterator GetIterator() => new Iterator(this, maxDoc);
    }

    private sealed class Iterator(Matches matches, int maxDoc) : DocIdSetIterator
    {
        private int _doc = -1;

        public override int DocID => _doc;

        public override int NextDoc() => Advance(_doc + 1);

        public override int Advance(int target)
        {
            for (var doc = target; doc < maxDoc; doc++)
                if (matches.Get(doc)) return _doc = doc;
            return _doc = NO_MORE_DOCS;
        }

        public override long GetCost() => maxDoc;
    }
}
