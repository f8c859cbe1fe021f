using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Shop.Search.Lucene;

/// <summary>
/// What <see cref="LuceneCounter"/> reads of a segment's single-valued numeric field: the values
/// as a plain array (raw longs; doubles as their bits), an array read instead of a packed-ints
/// decode behind virtual calls, and for whole numbers and dates the documents at or above each of
/// <see cref="Steps"/> quantiles as bitsets, so "at least X" is counted a word at a time except
/// for the one step X falls in. Kept per segment core, so it lives as long as the segment (a
/// refresh builds it only for new segments): for a field that counts filter on, 8 bytes plus
/// <see cref="Steps"/> bits a document.
/// </summary>
internal sealed class NumericValuesCache
{
    public const int Steps = 32;

    private readonly ConditionalWeakTable<object, ConcurrentDictionary<string, Column>> _segments = new();

    /// <param name="Thresholds">Ascending values; <c>AtLeast[i]</c> holds the documents with a value ≥ <c>Thresholds[i]</c>. Empty for doubles.</param>
    public sealed record Column(long[] Values, long[] Thresholds, long[][] AtLeast);

    public Column For(AtomicReader reader, string field, bool wholeNumbers) =>
        _segments.GetValue(reader.CoreCacheKey, static _ => new ConcurrentDictionary<string, Column>())
            .GetOrAdd(field, static (name, state) => Load(state.reader, name, state.wholeNumbers), (reader, wholeNumbers));

    private static Column Load(AtomicReader reader, string field, bool wholeNumbers)
    {
        var values = new long[reader.MaxDoc];
        var docValues = reader.GetNumericDocValues(field);
        var present = reader.GetDocsWithField(field);
        if (docValues is null || present is null) return new Column(values, [], []); // no document of this segment has the field
        var held = new List<long>(reader.MaxDoc);
        for (var doc = 0; doc < values.Length; doc++)
        {
            values[doc] = docValues.Get(doc);
            if (present.Get(doc)) held.Add(values[doc]);
        }
        if (!wholeNumbers || held.Count < Steps * 8) return new Column(values, [], []);
        held.Sort();
        var thresholds = Enumerable.Range(1, Steps).Select(i => held[(int)((long)i * held.Count / (Steps + 1))]).Distinct().ToArray();
        // Each document goes into the bitset of the highest threshold it reaches; suffix unions then make "at least".
        var atLeast = thresholds.Select(_ => new long[FixedBitSet.Bits2words(reader.MaxDoc)]).ToArray();
        for (var doc = 0; doc < values.Length; doc++)
        {
            if (!present.Get(doc)) continue;
            var step = Array.BinarySearch(thresholds, values[doc]);
            step = step >= 0 ? step : ~step - 1; // the last threshold ≤ value
            if (step >= 0) atLeast[step][doc >> 6] |= 1L << doc;
        }
        for (var step = thresholds.Length - 2; step >= 0; step--)
            for (var w = 0; w < atLeast[step].Length; w++) atLeast[step][w] |= atLeast[step + 1][w];
        return new Column(values, thresholds, atLeast);
    }
}
