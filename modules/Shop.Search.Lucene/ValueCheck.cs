using System.Runtime.CompilerServices;
using Lucene.Net.Util;
using Shop.Framework.Search;
using TermQuery = Shop.Framework.Search.TermQuery;

namespace Shop.Search.Lucene;

/// <summary>
/// A numeric condition (a range, or an exact value) on one single-valued number or date field,
/// as inclusive bounds: exclusive whole-number bounds move by one, exclusive double bounds to the
/// next representable value. The counter and the compiler's range filter both test with it.
/// </summary>
internal sealed class ValueCheck(string field, bool isDouble, long min, long max, double minDouble, double maxDouble)
{
    public string Field { get; } = field;
    public bool IsDouble { get; } = isDouble;

    /// <summary>Inclusive whole-number bounds (not used for doubles).</summary>
    public long Min { get; } = min;
    public long Max { get; } = max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(long raw)
    {
        if (!IsDouble) return raw >= Min && raw <= Max;
        var value = BitConverter.Int64BitsToDouble(raw);
        return value >= minDouble && value <= maxDouble;
    }

    public static ValueCheck? From(SearchQuery query, SearchIndexDefinition definition, DateTimeOffset now)
    {
        var (name, lower, upper, includeLower, includeUpper) = query switch
        {
            RangeQuery r => (r.Field, r.Gte ?? r.Gt, r.Lte ?? r.Lt, r.Gte is not null, r.Lte is not null),
            TermQuery t => (t.Field, t.Value, t.Value, true, true),
            _ => default,
        };
        if (name is null || definition.Field(name) is not { Multi: false } field) return null;
        if (query is RangeQuery range) LuceneQueryCompiler.CheckBounds(field, range);
        switch (field.Type)
        {
            case SearchFieldType.Long or SearchFieldType.Date:
            {
                var min = lower is null ? long.MinValue : (long)SearchValues.Parse(field, lower, now);
                var max = upper is null ? long.MaxValue : (long)SearchValues.Parse(field, upper, now);
                if (lower is not null && !includeLower) min = min == long.MaxValue ? max = long.MinValue : min + 1;
                if (upper is not null && !includeUpper) max = max == long.MinValue ? min = long.MaxValue : max - 1;
                return new ValueCheck(field.Name, false, min, max, 0, 0);
            }
            case SearchFieldType.Double:
            {
                var min = lower is null ? double.NegativeInfinity : Bound(SearchValues.ParseDouble(field, lower), includeLower, up: true);
                var max = upper is null ? double.PositiveInfinity : Bound(SearchValues.ParseDouble(field, upper), includeUpper, up: false);
                return new ValueCheck(field.Name, true, 0, 0, min, max);
            }
            default:
                return null;
        }
    }

    /// <summary>An exclusive double bound as the next representable value, the way FieldCacheRangeFilter does it.</summary>
    private static double Bound(double value, bool inclusive, bool up)
    {
        if (inclusive) return value;
        var sortable = NumericUtils.DoubleToSortableInt64(value);
        return NumericUtils.SortableInt64ToDouble(up ? sortable + 1 : sortable - 1);
    }
}
