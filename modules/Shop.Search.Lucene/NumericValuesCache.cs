using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Shop.Search.Lucene;

/// <summary>
/// A segment's single-valued numeric field as <see cref="LuceneCounter"/>, the range filter and
/// the sorts read it: the values as a plain array (raw longs; doubles as their bits) with a bitset
/// of the documents that have one, decoded once from the documents' <see cref="ValueRow"/>s; and
/// for whole numbers and dates the documents at or above each of <see cref="Steps"/> quantiles as
/// bitsets, so "at least X" is counted a word at a time except for the one step X falls in. Kept
/// per segment core, so it lives as long as the segment (a refresh builds it only for new
/// segments): for a field that is queried or sorted on, 8 bytes plus <see cref="Steps"/> + 1 bits a
/// document. Segments written before rows existed keep a numeric doc value per field; those are
/// read instead, document by document, so an index from an older version needs no rebuild.
/// </summary>
internal sealed class NumericValuesCache(ValueSlots slots)
{
    public const int Steps = 32;

    private readonly ConditionalWeakTable<object, ConcurrentDictionary<string, Column>> _segments = new();

    /// <param name="Present">Bitset words: the documents that have a value (the others read 0).</param>
    /// <param name="Thresholds">Ascending values; <c>AtLeast[i]</c> holds the documents with a value ≥ <c>Thresholds[i]</c>. Empty for doubles.</param>
    public sealed record Column(long[] Values, long[] Present, long[] Thresholds, long[][] AtLeast)
    {
        public bool Has(int doc) => (Present[doc >> 6] & (1L << doc)) != 0;
    }

    public Column For(AtomicReader reader, string field, bool wholeNumbers) =>
        _segments.GetValue(reader.CoreCacheKey, static _ => new ConcurrentDictionary<string, Column>())
            .GetOrAdd(field, static (name, state) => state.self.Load(state.reader, name, state.wholeNumbers), (self: this, reader, wholeNumbers));

    private Column Load(AtomicReader reader, string field, bool wholeNumbers)
    {
        var maxDoc = reader.MaxDoc;
        var values = new long[maxDoc];
        var present = new long[FixedBitSet.Bits2words(maxDoc)];
        var slot = slots.Find(field);
        var rows = slot < 0 ? null : reader.GetBinaryDocValues(LuceneFields.Values);
        var oldIds = rows is null ? null : reader.GetSortedDocValues(LuceneFields.Id);
        var legacy = reader.GetNumericDocValues(field);
        var legacyPresent = legacy is null ? null : reader.GetDocsWithField(field);
        if (rows is null && legacyPresent is null) return new Column(values, present, [], []); // no document of this segment has the field
        var held = new List<long>(maxDoc);
        var row = new BytesRef();
        for (var doc = 0; doc < maxDoc; doc++)
        {
            long value;
            if (rows is not null && Read(rows, doc, row, SegmentIds.RowHasId(oldIds, doc), slot, out value)) { }
            else if (legacyPresent is not null && legacyPresent.Get(doc)) value = legacy!.Get(doc);
            else continue;
            values[doc] = value;
            present[doc >> 6] |= 1L << doc;
            held.Add(value);
        }
        if (!wholeNumbers || held.Count < Steps * 8) return new Column(values, present, [], []);
        held.Sort();
        var thresholds = Enumerable.Range(1, Steps).Select(i => held[(int)((long)i * held.Count / (Steps + 1))]).Distinct().ToArray();
        // Each document goes into the bitset of the highest threshold it reaches; suffix unions then make "at least".
        var atLeast = thresholds.Select(_ => new long[present.Length]).ToArray();
        for (var doc = 0; doc < maxDoc; doc++)
        {
            if ((present[doc >> 6] & (1L << doc)) == 0) continue;
            var step = Array.BinarySearch(thresholds, values[doc]);
            step = step >= 0 ? step : ~step - 1; // the last threshold ≤ value
            if (step >= 0) atLeast[step][doc >> 6] |= 1L << doc;
        }
        for (var step = thresholds.Length - 2; step >= 0; step--)
            for (var w = 0; w < atLeast[step].Length; w++) atLeast[step][w] |= atLeast[step + 1][w];
        return new Column(values, present, thresholds, atLeast);
    }

    private static bool Read(BinaryDocValues rows, int doc, BytesRef row, bool startsWithId, int slot, out long value)
    {
        rows.Get(doc, row);
        if (row.Length == 0)
        {
            value = 0;
            return false; // a document from before rows
        }
        return ValueRow.TryRead(ValueRow.Values(row.Bytes.AsSpan(row.Offset, row.Length), startsWithId), slot, out value);
    }
}
