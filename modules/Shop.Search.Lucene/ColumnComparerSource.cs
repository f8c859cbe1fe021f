using Lucene.Net.Index;
using Lucene.Net.Search;
using J2NInt64 = J2N.Numerics.Int64;
using J2NDouble = J2N.Numerics.Double;
using J2NNumber = J2N.Numerics.Number;

namespace Shop.Search.Lucene;

/// <summary>
/// Sorts on a single-valued number or date field from the segment's cached column. Documents
/// without a value sort last in either direction (as Elasticsearch does): they compare as the
/// largest value ascending and the smallest descending. Sort values come out as J2N numbers, as
/// Lucene's own numeric comparers give them, so cursors encode and decode the same way.
/// </summary>
internal sealed class ColumnComparerSource(NumericValuesCache values, bool isDouble) : FieldComparerSource
{
    public bool IsDouble => isDouble;

    public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) =>
        new Comparer(values, fieldname, isDouble, numHits, reversed);

    private sealed class Comparer(NumericValuesCache cache, string field, bool isDouble, int numHits, bool reversed) : FieldComparer<J2NNumber>
    {
        private readonly long[] _slots = new long[numHits];
        private readonly long _missing = isDouble
            ? BitConverter.DoubleToInt64Bits(reversed ? double.NegativeInfinity : double.PositiveInfinity)
            : reversed ? long.MinValue : long.MaxValue;
        private NumericValuesCache.Column? _column;
        private long _bottom, _top;

        public override J2NNumber this[int slot] => isDouble
            ? J2NDouble.GetInstance(BitConverter.Int64BitsToDouble(_slots[slot]))
            : J2NInt64.GetInstance(_slots[slot]);

        public override int Compare(int slot1, int slot2) => Order(_slots[slot1], _slots[slot2]);

        public override void SetBottom(int slot) => _bottom = _slots[slot];

        public override void SetTopValue(J2NNumber value) =>
            _top = isDouble ? BitConverter.DoubleToInt64Bits(value.ToDouble()) : value.ToInt64();

        public override int CompareBottom(int doc) => Order(_bottom, Value(doc));

        public override int CompareTop(int doc) => Order(_top, Value(doc));

        public override void Copy(int slot, int doc) => _slots[slot] = Value(doc);

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            _column = cache.For(context.AtomicReader, field, !isDouble);
            return this;
        }

        private long Value(int doc) => _column!.Has(doc) ? _column.Values[doc] : _missing;

        private int Order(long a, long b) => isDouble
            ? BitConverter.Int64BitsToDouble(a).CompareTo(BitConverter.Int64BitsToDouble(b))
            : a.CompareTo(b);
    }
}
