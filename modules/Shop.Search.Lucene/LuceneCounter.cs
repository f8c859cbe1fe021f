using System.Numerics;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Shop.Framework.Search;
using TermQuery = Shop.Framework.Search.TermQuery;

namespace Shop.Search.Lucene;

/// <summary>
/// Counts audience-shaped queries (exact values, exists and single-valued numeric ranges under
/// bools) with bitset algebra instead of Lucene's scorers: per segment, the cached term bitsets
/// are ANDed, ORed and subtracted word by word, and numeric conditions that every match must meet
/// are checked only on the bits left, against the segment's values held in an array. An audience
/// count over a million members then costs tens of microseconds for the tags and a pass over
/// the candidates for the range, where scoring a disjunction of popular tags visited every
/// holder through several iterators. The meaning is the compiler's (<see cref="LuceneQueryCompiler"/>);
/// a query with any other clause (text, prefix, ids, keyword ranges, multi-valued numbers,
/// minimum-should-match above one) is not counted here and goes to Lucene as before.
/// </summary>
internal sealed class LuceneCounter(SearchIndexDefinition definition, DateTimeOffset now, TermFilterCache filters, NumericValuesCache values)
{
    /// <summary>The count, or null when the query has a clause this counter leaves to Lucene.</summary>
    public long? TryCount(IndexSearcher searcher, SearchQuery query)
    {
        if (!Supported(query)) return null;
        long total = 0;
        foreach (var leaf in searcher.IndexReader.Leaves) total += Count(leaf, query);
        return total;
    }

    private bool Supported(SearchQuery query) => query switch
    {
        BoolQuery b => b.EffectiveMinimumShouldMatch <= 1 && b.Must.Concat(b.Filter).Concat(b.Should).Concat(b.MustNot).All(Supported),
        TermQuery t => definition.Field(t.Field) is { } f && (ExactTerm(f) || Numeric(f)),
        TermsQuery t => definition.Field(t.Field) is { } f && ExactTerm(f),
        RangeQuery r => definition.Field(r.Field) is { } f && Numeric(f),
        ExistsQuery or MatchAllQuery => true,
        _ => false,
    };

    private static bool ExactTerm(SearchField field) => field.Type is SearchFieldType.Keyword or SearchFieldType.Bool;

    private static bool Numeric(SearchField field) => !field.Multi && field.Type is SearchFieldType.Long or SearchFieldType.Date or SearchFieldType.Double;

    private long Count(AtomicReaderContext leaf, SearchQuery query)
    {
        var maxDoc = leaf.AtomicReader.MaxDoc;
        if (maxDoc == 0) return 0;
        // Numeric conditions of the top-level conjunction are checked per candidate instead of being turned into bitsets.
        var checks = new List<ValueCheck>();
        var bits = Conjunction(leaf, query, checks);
        var live = leaf.AtomicReader.LiveDocs;
        if (checks.Count == 0 && live is null) return bits.Cardinality;
        var columns = checks.Select(c => values.For(leaf.AtomicReader, c.Field)).ToArray();
        long count = 0;
        var words = bits.GetBits();
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            while (word != 0)
            {
                var doc = (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                if (live is not null && !live.Get(doc)) continue;
                var match = true;
                for (var c = 0; c < checks.Count && match; c++) match = checks[c].Matches(columns[c][doc]);
                if (match) count++;
            }
        }
        return count;
    }

    /// <summary>
    /// The documents of a query that must all match; numeric conditions among its required clauses
    /// (at any depth of nested required bools) go to <paramref name="checks"/> instead, with their
    /// field's exists bitset required.
    /// </summary>
    private FixedBitSet Conjunction(AtomicReaderContext leaf, SearchQuery query, List<ValueCheck> checks)
    {
        var required = new List<SearchQuery>();
        var excluded = new List<SearchQuery>();
        Flatten(query, required, excluded, checks);
        var result = Bits(leaf, required);
        foreach (var clause in excluded) result.AndNot(Bits(leaf, clause));
        return result;
    }

    private void Flatten(SearchQuery query, List<SearchQuery> required, List<SearchQuery> excluded, List<ValueCheck> checks)
    {
        switch (query)
        {
            case BoolQuery b when b.Must.Count + b.Filter.Count > 0:
                foreach (var clause in b.Must.Concat(b.Filter)) Flatten(clause, required, excluded, checks);
                excluded.AddRange(b.MustNot);
                if (b.EffectiveMinimumShouldMatch == 1) required.Add(new AnyOfQuery(b.Should));
                break;
            case RangeQuery or TermQuery when ValueCheck.From(query, definition, now) is { } check:
                checks.Add(check);
                required.Add(new ExistsQuery(check.Field));
                break;
            default:
                required.Add(query);
                break;
        }
    }

    /// <summary>A fresh bitset of the query's matches (numeric conditions scanned over the whole segment).</summary>
    private FixedBitSet Bits(AtomicReaderContext leaf, SearchQuery query)
    {
        switch (query)
        {
            case MatchAllQuery:
                return All(leaf);
            case AnyOfQuery a:
                return AnyOf(leaf, a.Clauses);
            case ExistsQuery e:
                return Term(leaf, LuceneFields.Exists, definition.RequireField(e.Field).Name);
            case TermQuery t when ExactTerm(definition.RequireField(t.Field)):
                return Term(leaf, t.Field, TermValue(definition.RequireField(t.Field), t.Value));
            case TermsQuery t:
            {
                var field = definition.RequireField(t.Field);
                var union = new FixedBitSet(leaf.AtomicReader.MaxDoc);
                foreach (var value in t.Values.Distinct()) Or(union, leaf, t.Field, TermValue(field, value));
                return union;
            }
            case RangeQuery or TermQuery:
            {
                var check = ValueCheck.From(query, definition, now)!;
                var bits = Term(leaf, LuceneFields.Exists, check.Field);
                var column = values.For(leaf.AtomicReader, check.Field);
                var words = bits.GetBits();
                for (var w = 0; w < words.Length; w++)
                {
                    var word = words[w];
                    while (word != 0)
                    {
                        var bit = BitOperations.TrailingZeroCount(word);
                        word &= word - 1;
                        if (!check.Matches(column[(w << 6) + bit])) words[w] &= ~(1L << bit);
                    }
                }
                return bits;
            }
            case BoolQuery b when b.Must.Count + b.Should.Count + b.MustNot.Count + b.Filter.Count == 0:
                return All(leaf);
            case BoolQuery b when b.Must.Count + b.Filter.Count == 0 && b.EffectiveMinimumShouldMatch == 1:
            {
                var bits = AnyOf(leaf, b.Should);
                foreach (var clause in b.MustNot) bits.AndNot(Bits(leaf, clause));
                return bits;
            }
            case BoolQuery b when b.Must.Count + b.Filter.Count == 0:
            {
                var bits = All(leaf); // only negative (or optional) clauses: everything except
                foreach (var clause in b.MustNot) bits.AndNot(Bits(leaf, clause));
                return bits;
            }
            case BoolQuery b:
            {
                var bits = Bits(leaf, b.Must.Concat(b.Filter));
                if (b.EffectiveMinimumShouldMatch == 1) bits.And(AnyOf(leaf, b.Should));
                foreach (var clause in b.MustNot) bits.AndNot(Bits(leaf, clause));
                return bits;
            }
            default:
                throw new InvalidOperationException($"{query.GetType().Name} is not counted with bitsets.");
        }
    }

    private FixedBitSet Bits(AtomicReaderContext leaf, IEnumerable<SearchQuery> required)
    {
        FixedBitSet? result = null;
        foreach (var clause in required)
        {
            if (result is null) result = Bits(leaf, clause);
            else result.And(Bits(leaf, clause));
        }
        return result ?? All(leaf);
    }

    private FixedBitSet AnyOf(AtomicReaderContext leaf, IEnumerable<SearchQuery> clauses)
    {
        var union = new FixedBitSet(leaf.AtomicReader.MaxDoc);
        foreach (var clause in clauses) union.Or(Bits(leaf, clause));
        return union;
    }

    private static FixedBitSet All(AtomicReaderContext leaf)
    {
        var all = new FixedBitSet(leaf.AtomicReader.MaxDoc);
        all.Set(0, leaf.AtomicReader.MaxDoc);
        return all;
    }

    /// <summary>A copy of the term's cached bitset (the caller may change it).</summary>
    private FixedBitSet Term(AtomicReaderContext leaf, string field, string value)
    {
        var bits = new FixedBitSet(leaf.AtomicReader.MaxDoc);
        Or(bits, leaf, field, value);
        return bits;
    }

    private void Or(FixedBitSet target, AtomicReaderContext leaf, string field, string value)
    {
        var set = filters.For(field, value).GetDocIdSet(leaf, null);
        if (set is FixedBitSet dense) target.Or(dense);
        else if (set?.GetIterator() is { } iterator) target.Or(iterator);
    }

    private static string TermValue(SearchField field, string value) =>
        field.Type == SearchFieldType.Bool ? (SearchValues.ParseBool(field, value) ? "true" : "false") : value;

    /// <summary>At least one of the clauses (none: nothing), as a bool's should clauses with minimum-should-match 1.</summary>
    private sealed record AnyOfQuery(IReadOnlyList<SearchQuery> Clauses) : SearchQuery;

    /// <summary>A numeric condition on one single-valued field, with inclusive bounds as Lucene's doc-values range filter computes them.</summary>
    private sealed class ValueCheck(string field, bool isDouble, long min, long max, double minDouble, double maxDouble)
    {
        public string Field { get; } = field;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Matches(long raw)
        {
            if (!isDouble) return raw >= min && raw <= max;
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
}
