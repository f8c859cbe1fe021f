using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Shop.Search.Lucene;

/// <summary>
/// The ids of one segment's documents, for scans and the sort's final key. A document written
/// now carries its id at the head of its <see cref="ValueRow"/>; one written by an earlier
/// version has a sorted doc value for it (and a row without the id, if any). Merges put both
/// kinds in one segment, so the choice is made per document: a sorted value wins where there is one.
/// </summary>
internal sealed class SegmentIds(AtomicReader reader)
{
    private readonly SortedDocValues? _legacy = reader.GetSortedDocValues(LuceneFields.Id);
    private readonly BinaryDocValues? _rows = reader.GetBinaryDocValues(LuceneFields.Values);
    private readonly BytesRef _row = new();

    /// <summary>Whether the document's row starts with its id (false for a document an earlier version wrote).</summary>
    public static bool RowHasId(SortedDocValues? legacy, int doc) => legacy is null || legacy.GetOrd(doc) < 0;

    /// <summary>Points <paramref name="result"/> at the document's id; valid until the next call.</summary>
    public void Get(int doc, BytesRef result)
    {
        if (_legacy is not null)
        {
            var ord = _legacy.GetOrd(doc);
            if (ord >= 0)
            {
                _legacy.LookupOrd(ord, result);
                return;
            }
        }
        if (_rows is null) throw new InvalidOperationException($"Document {doc} of segment {reader} has no id.");
        _rows.Get(doc, _row);
        var (offset, length) = ValueRow.Id(_row.Bytes.AsSpan(_row.Offset, _row.Length));
        result.Bytes = _row.Bytes;
        result.Offset = _row.Offset + offset;
        result.Length = length;
    }
}
