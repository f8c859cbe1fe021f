using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace Shop.Search.Lucene;

/// <summary>
/// A segment's numeric doc values of one field as a plain array (raw longs; doubles as their
/// bits), for <see cref="LuceneCounter"/>'s per-candidate checks: an array read instead of a
/// packed-ints decode behind two virtual calls. Kept per segment core, so it lives exactly as long
/// as the segment (a refresh adds arrays only for new segments), 8 bytes a document for each field
/// that counts have filtered on.
/// </summary>
internal sealed class NumericValuesCache
{
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<string, long[]>> _segments = new();

    public long[] For(AtomicReader reader, string field) =>
        _segments.GetValue(reader.CoreCacheKey, static _ => new ConcurrentDictionary<string, long[]>())
            .GetOrAdd(field, static (name, segment) => Load(segment, name), reader);

    private static long[] Load(AtomicReader reader, string field)
    {
        var values = new long[reader.MaxDoc];
        var docValues = reader.GetNumericDocValues(field);
        if (docValues is null) return values; // no document of this segment has the field; its exists bitset is empty too
        for (var doc = 0; doc < values.Length; doc++) values[doc] = docValues.Get(doc);
        return values;
    }
}
