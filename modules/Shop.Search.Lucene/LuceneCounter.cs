using ArrayPool = System.Buffers.ArrayPool<long>;
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
        var plan = new Plan();
        Flatten(query, plan);
        long total = 0;
        foreach (var leaf in searcher.IndexReader.Leaves) total += Count(leaf, plan);
        return total;
    }

    /// <summary>A clause of the plan with its cached term filter when it is a term or an existence test.</summary>
    private sealed record Clause(SearchQuery Query, Filter? Term);

    /// <summary>Term filters and field checks are looked up once per count, not once per segment.</summary>
    private Clause Prepare(SearchQuery clause) => clause switch
    {
        ExistsQuery e => new Clause(clause, filters.For(LuceneFields.Exists, definition.RequireField(e.Field).Name)),
        TermQuery t when ExactTerm(definition.RequireField(t.Field)) => new Clause(clause, filters.For(t.Field, TermValue(definition.RequireField(t.Field), t.Value))),
        _ => new Clause(clause, null),
    };

    /// <summary>
    /// The top-level conjunction: required clauses, "any of" groups, exclusions, and the numeric
    /// conditions that are checked per candidate instead of being turned into bitsets.
    /// </summary>
    private sealed class Plan
    {
        public List<Clause> Required { get; } = [];
        public List<Clause[]> AnyOf { get; } = [];
        public List<Clause> Excluded { get; } = [];
        public List<ValueCheck> Checks { get; } = [];
    }

    private bool Supported(SearchQuery query) => query switch
    {
        BoolQuery b => b.EffectiveMinimumShouldMatch <= Math.Min(1, b.Should.Count) && b.Must.Concat(b.Filter).Concat(b.Should).Concat(b.MustNot).All(Supported),
        TermQuery t => definition.Field(t.Field) is { } f && (ExactTerm(f) || Numeric(f)),
        TermsQuery t => definition.Field(t.Field) is { } f && ExactTerm(f),
        RangeQuery r => definition.Field(r.Field) is { } f && Numeric(f),
        ExistsQuery or MatchAllQuery => true,
        _ => false,
    };

    private static bool ExactTerm(SearchField field) => field.Type is SearchFieldType.Keyword or SearchFieldType.Bool;

    private static bool Numeric(SearchField field) => !field.Multi && field.Type is SearchFieldType.Long or SearchFieldType.Date or SearchFieldType.Double;

    /// <summary>
    /// One segment. The required sets are taken rarest first. When the rarest is a compressed
    /// (rare) term, its documents drive: the other rare terms are followed through their sorted
    /// ids, then each document left is tested against the other sets' bits. Otherwise the set
    /// operations (AND of the required sets, AND of each group's OR, minus the exclusions) run over
    /// vectors of bitset words into one buffer. Either way the numeric checks run only on the
    /// documents left. Cached plain bitsets are read in place; rare terms and nested clauses are
    /// first written into pooled buffers.
    /// </summary>
    private long Count(AtomicReaderContext leaf, Plan plan)
    {
        var reader = leaf.AtomicReader;
        var maxDoc = reader.MaxDoc;
        if (maxDoc == 0) return 0;
        var numWords = FixedBitSet.Bits2words(maxDoc);
        var rented = new List<long[]>();
        try
        {
            var required = new Source[plan.Required.Count];
            for (var i = 0; i < required.Length; i++) required[i] = Resolve(leaf, plan.Required[i]);
            Array.Sort(required, static (a, b) => a.Cardinality.CompareTo(b.Cardinality));
            if (required.Length > 0 && required[0].Cardinality == 0) return 0;
            var driver = required.Length > 0 ? required[0].Docs : null;
            long[] Words(Source source) => source.Words ?? Materialize(source.Docs!, numWords, rented);
            // With a rare term driving, the other rare required terms are followed through their sorted ids, not expanded.
            var following = new List<int[]>();
            var allWords = new List<long[]>(required.Length + 1);
            for (var i = driver is null ? 0 : 1; i < required.Length; i++)
            {
                if (driver is not null && required[i].Docs is { } docs) following.Add(docs);
                else allWords.Add(Words(required[i]));
            }
            var follow = following.ToArray();
            var groups = new long[plan.AnyOf.Count][][];
            for (var g = 0; g < groups.Length; g++)
            {
                var group = plan.AnyOf[g];
                groups[g] = new long[group.Length][];
                for (var i = 0; i < group.Length; i++) groups[g][i] = Words(Resolve(leaf, group[i]));
            }
            var none = new long[plan.Excluded.Count][];
            for (var i = 0; i < none.Length; i++) none[i] = Words(Resolve(leaf, plan.Excluded[i]));
            var live = reader.LiveDocs is { } liveDocs ? LiveWords.GetValue(liveDocs, bits => LiveBits(bits, maxDoc)) : null;
            if (live is not null) allWords.Insert(0, live);
            var all = allWords.ToArray();
            var checks = plan.Checks.ToArray();
            var columns = new NumericValuesCache.Column[checks.Length];
            var columnValues = new long[checks.Length][];
            for (var c = 0; c < checks.Length; c++)
            {
                columns[c] = values.For(reader, checks[c].Field, !checks[c].IsDouble);
                columnValues[c] = columns[c].Values;
            }
            var test = new Candidates(all, groups, none, checks, columnValues);
            // One whole-number condition (the usual "spend at least X"): the documents it surely holds are
            // told by the quantile bitsets; only the rest of X's step is checked against the values.
            var steps = checks.Length == 1 && columns[0].Thresholds.Length > 0 ? Steps.For(checks[0], columns[0]) : null;
            if (driver is not null) return Driven(driver, follow, test, steps);
            // The set operations run over whole vectors of words into one buffer; only the documents
            // left there are visited one by one.
            var candidates = Rent(numWords, rented);
            test.Fill(candidates, numWords);
            if ((maxDoc & 63) != 0) candidates[numWords - 1] &= (1L << (maxDoc & 63)) - 1;
            long count = 0;
            if (checks.Length == 0)
            {
                for (var w = 0; w < numWords; w++) count += BitOperations.PopCount((ulong)candidates[w]);
                return count;
            }
            if (steps is not null) count += steps.TakeSure(candidates, numWords);
            for (var w = 0; w < numWords; w++)
            {
                var word = candidates[w];
                while (word != 0)
                {
                    var doc = (w << 6) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    if (test.Matches(doc)) count++;
                }
            }
            return count;
        }
        finally
        {
            foreach (var buffer in rented) ArrayPool.Shared.Return(buffer);
        }
    }

    /// <summary>Counts the driver's documents that every followed set also holds and that pass the other tests.</summary>
    private static long Driven(int[] driver, int[][] follow, Candidates test, Steps? steps)
    {
        var positions = new int[follow.Length];
        long count = 0;
        foreach (var doc in driver)
        {
            var held = true;
            for (var f = 0; f < follow.Length && held; f++)
            {
                var docs = follow[f];
                var at = positions[f] = SortedDocIdSet.Seek(docs, positions[f], doc);
                if (at == docs.Length) return count; // a required set has no more documents
                held = docs[at] == doc;
            }
            if (!held || !test.Bits(doc)) continue;
            if (steps is not null)
            {
                // The step bitsets are read before the value column: a value is a cache miss per document.
                var bit = 1L << doc;
                if ((steps.Sure(doc >> 6) & bit) != 0) { count++; continue; }
                if ((steps.Maybe(doc >> 6) & bit) == 0) continue;
            }
            if (test.Matches(doc)) count++;
        }
        return count;
    }

    /// <summary>The per-segment sets of a plan, tested a word or a document at a time.</summary>
    private sealed class Candidates(long[][] all, long[][][] groups, long[][] none, ValueCheck[] checks, long[][] columns)
    {
        public long Word(int w, long word)
        {
            for (var i = 0; i < all.Length && word != 0; i++) word &= all[i][w];
            for (var g = 0; g < groups.Length && word != 0; g++)
            {
                var group = groups[g];
                long any = 0;
                for (var i = 0; i < group.Length; i++) any |= group[i][w];
                word &= any;
            }
            for (var i = 0; i < none.Length && word != 0; i++) word &= ~none[i][w];
            return word;
        }

        /// <summary>Every word after the set operations, a vector of words at a time.</summary>
        public void Fill(long[] target, int numWords)
        {
            var width = Vector<long>.Count;
            var w = 0;
            for (; w <= numWords - width; w += width)
            {
                var word = Vector<long>.AllBitsSet;
                for (var i = 0; i < all.Length; i++) word &= new Vector<long>(all[i], w);
                for (var g = 0; g < groups.Length; g++)
                {
                    var group = groups[g];
                    var any = Vector<long>.Zero;
                    for (var i = 0; i < group.Length; i++) any |= new Vector<long>(group[i], w);
                    word &= any;
                }
                for (var i = 0; i < none.Length; i++) word = Vector.AndNot(word, new Vector<long>(none[i], w));
                word.CopyTo(target, w);
            }
            for (; w < numWords; w++) target[w] = Word(w, ~0L);
        }

        /// <summary>The document's bit after the set operations.</summary>
        public bool Bits(int doc) => Word(doc >> 6, 1L << doc) != 0;

        /// <summary>Within every numeric condition.</summary>
        public bool Matches(int doc)
        {
            for (var c = 0; c < checks.Length; c++)
                if (!checks[c].Matches(columns[c][doc])) return false;
            return true;
        }
    }

    /// <summary>
    /// A whole-number condition against a column's quantile bitsets: the documents surely within
    /// it, and those that may be (in the steps its bounds fall in); everything else is surely out.
    /// </summary>
    private sealed class Steps
    {
        private long[]? _sureLow, _maybeLow, _maybeHigh, _sureHigh; // null: every document, or none, per the flags
        private bool _sureLowAll, _maybeLowAll, _maybeHighNone, _sureHighNone;

        public static Steps For(ValueCheck check, NumericValuesCache.Column column)
        {
            var thresholds = column.Thresholds;
            var steps = new Steps();
            // Lower bound: documents at or above the first threshold ≥ min surely pass; those at or above the one before may.
            var low = LowerIndex(thresholds, check.Min);
            steps._sureLowAll = check.Min == long.MinValue;
            steps._sureLow = steps._sureLowAll || low >= thresholds.Length ? null : column.AtLeast[low];
            steps._maybeLowAll = low == 0 || check.Min == long.MinValue;
            steps._maybeLow = steps._maybeLowAll ? null : column.AtLeast[low - 1];
            // Upper bound: documents at or above the first threshold > max surely fail; those at or above the one before may.
            var high = check.Max == long.MaxValue ? thresholds.Length : LowerIndex(thresholds, check.Max + 1);
            steps._sureHighNone = high >= thresholds.Length;
            steps._sureHigh = steps._sureHighNone ? null : column.AtLeast[high];
            steps._maybeHighNone = check.Max == long.MaxValue;
            steps._maybeHigh = steps._maybeHighNone ? null : high == 0 ? null : column.AtLeast[high - 1];
            return steps;
        }

        /// <summary>Index of the first threshold ≥ value (the length when none is).</summary>
        private static int LowerIndex(long[] thresholds, long value)
        {
            var i = Array.BinarySearch(thresholds, value);
            return i >= 0 ? i : ~i;
        }

        /// <summary>
        /// Counts the candidates surely within and leaves in <paramref name="candidates"/> only those
        /// that may be (to be checked one by one), a vector of words at a time.
        /// </summary>
        public long TakeSure(long[] candidates, int numWords)
        {
            var width = Vector<long>.Count;
            long count = 0;
            var w = 0;
            for (; w <= numWords - width; w += width)
            {
                var words = new Vector<long>(candidates, w);
                if (words == Vector<long>.Zero) continue;
                var sure = words & Load(_sureLow, _sureLowAll, w) & ~Load(_maybeHigh, !_maybeHighNone, w);
                var maybe = Vector.AndNot(words & Load(_maybeLow, _maybeLowAll, w), sure) & ~Load(_sureHigh, !_sureHighNone, w);
                maybe.CopyTo(candidates, w);
                if (sure == Vector<long>.Zero) continue;
                for (var i = 0; i < width; i++) count += BitOperations.PopCount((ulong)sure[i]);
            }
            for (; w < numWords; w++)
            {
                var sure = candidates[w] & Sure(w);
                count += BitOperations.PopCount((ulong)sure);
                candidates[w] &= ~sure & Maybe(w);
            }
            return count;
        }

        /// <summary>A bitset's words, or every bit (<paramref name="allWhenNull"/>) or none when the role has no bitset.</summary>
        private static Vector<long> Load(long[]? words, bool allWhenNull, int w) =>
            words is not null ? new Vector<long>(words, w) : allWhenNull ? Vector<long>.AllBitsSet : Vector<long>.Zero;

        /// <summary>Surely within: at or above the sure lower step, and below every step that may exceed the maximum.</summary>
        public long Sure(int w)
        {
            var low = _sureLow?[w] ?? (_sureLowAll ? ~0L : 0L);
            var mayExceed = _maybeHigh?[w] ?? (_maybeHighNone ? 0L : ~0L);
            return low & ~mayExceed;
        }

        /// <summary>Possibly within: at or above the possible lower step and not surely above the maximum.</summary>
        public long Maybe(int w)
        {
            var low = _maybeLow?[w] ?? (_maybeLowAll ? ~0L : 0L);
            var exceeds = _sureHigh?[w] ?? (_sureHighNone ? 0L : ~0L);
            return low & ~exceeds;
        }
    }

    /// <summary>Live documents of a segment with deletions as bitset words, once per reader's deletions.</summary>
    private static readonly ConditionalWeakTable<IBits, long[]> LiveWords = new();

    private static long[] LiveBits(IBits bits, int maxDoc)
    {
        var words = new long[FixedBitSet.Bits2words(maxDoc)];
        for (var doc = 0; doc < maxDoc; doc++)
            if (bits.Get(doc)) words[doc >> 6] |= 1L << doc;
        return words;
    }

    /// <summary>A clause's documents in a segment: a plain bitset's words or a rare term's sorted ids; and how many.</summary>
    private readonly record struct Source(long[]? Words, int[]? Docs, long Cardinality);

    private Source Resolve(AtomicReaderContext leaf, Clause clause)
    {
        if (clause.Term is null)
        {
            var bits = Bits(leaf, clause.Query);
            return new Source(bits.GetBits(), null, bits.Cardinality);
        }
        switch (clause.Term.GetDocIdSet(leaf, null))
        {
            case FixedBitSet dense:
                return new Source(dense.GetBits(), null, Cardinalities.GetValue(dense, static b => new StrongBox<long>(b.Cardinality)).Value);
            case SortedDocIdSet sparse:
                return new Source(null, sparse.Docs, sparse.Docs.Length);
            case { } other when other.GetIterator() is { } iterator:
                var copy = new FixedBitSet(leaf.AtomicReader.MaxDoc); // not cached by TermFilterCache: any other set
                copy.Or(iterator);
                return new Source(copy.GetBits(), null, copy.Cardinality);
            default:
                return new Source(null, [], 0); // no document has the term
        }
    }

    /// <summary>Documents per cached plain bitset, counted once (the cached bitsets never change).</summary>
    private static readonly ConditionalWeakTable<FixedBitSet, StrongBox<long>> Cardinalities = new();

    private static long[] Rent(int numWords, List<long[]> rented)
    {
        var buffer = ArrayPool.Shared.Rent(numWords);
        rented.Add(buffer);
        return buffer;
    }

    private static long[] Materialize(int[] docs, int numWords, List<long[]> rented)
    {
        var buffer = Rent(numWords, rented);
        Array.Clear(buffer, 0, numWords);
        foreach (var doc in docs) buffer[doc >> 6] |= 1L << doc;
        return buffer;
    }

    private void Flatten(SearchQuery query, Plan plan)
    {
        switch (query)
        {
            case BoolQuery b when b.Must.Count + b.Filter.Count > 0:
                foreach (var clause in b.Must.Concat(b.Filter)) Flatten(clause, plan);
                plan.Excluded.AddRange(b.MustNot.Select(Prepare));
                if (b.EffectiveMinimumShouldMatch == 1) plan.AnyOf.Add(b.Should.Select(Prepare).ToArray());
                break;
            case TermsQuery t when ExactTerm(definition.RequireField(t.Field)):
                plan.AnyOf.Add(t.Values.Distinct().Select(v => Prepare(new TermQuery(t.Field, v))).ToArray());
                break;
            case RangeQuery or TermQuery when ValueCheck.From(query, definition, now) is { } check:
                plan.Checks.Add(check);
                plan.Required.Add(Prepare(new ExistsQuery(check.Field)));
                break;
            case MatchAllQuery:
                break; // requires nothing
            default:
                plan.Required.Add(Prepare(query));
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
                var column = values.For(leaf.AtomicReader, check.Field, !check.IsDouble).Values;
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
}
