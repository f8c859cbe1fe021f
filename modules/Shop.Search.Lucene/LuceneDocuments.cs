using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Shop.Framework.Search;

namespace Shop.Search.Lucene;

/// <summary>
/// Maps <see cref="SearchDocument"/>s to Lucene fields by declared type: keywords and bools as
/// untokenised terms, text through the CJK analyser. Single-valued keywords and bools get sorted
/// doc values (sorting); the id and the single-valued numbers and dates go into the document's
/// <see cref="ValueRow"/>, which sorting, ranges, exact matches and scans read; multi-valued
/// numbers are trie-encoded terms for range queries. The id is also a term (updates and deletes),
/// and every field present gets an <c>_exists</c> term.
/// <para>
/// One writer serves one batch on one thread and reuses its Lucene <see cref="Field"/> objects
/// from document to document (Lucene's own advice for bulk indexing): a fresh field builds a
/// fresh token stream, whose attributes Lucene.Net creates by reflection under a global lock,
/// which made that the largest cost of a rebuild.
/// </para>
/// </summary>
internal sealed class LuceneDocuments(SearchIndexDefinition definition, ValueSlots slots)
{
    private enum Kind { Text, SortedValue, Int64, Double, Row }

    private readonly Dictionary<(string Name, Kind Kind), List<Field>> _fields = [];
    private readonly Dictionary<(string Name, Kind Kind), int> _used = [];
    private readonly List<IIndexableField> _document = [];
    private readonly Dictionary<string, TermListTokenStream> _terms = [];
    private byte[] _row = new byte[256];

    /// <summary>A document's values, converted and checked against the definition, ready to write.</summary>
    public readonly record struct Prepared(string Id, List<(SearchField Field, object Value)> Values);

    /// <summary>Converts and checks a document without writing anything, so a batch fails before its first write.</summary>
    public Prepared Prepare(SearchDocument source)
    {
        var values = new List<(SearchField, object)>(source.Fields.Count + 4);
        foreach (var (name, value) in source.Fields)
        {
            if (value is null) continue;
            var field = definition.Field(name)
                ?? throw new SearchQueryException($"Document '{source.Id}' has field '{name}', which index '{definition.Name}' does not declare.");
            if (field.Multi && value is System.Collections.IEnumerable list and not string)
            {
                foreach (var item in list)
                    if (item is not null) values.Add((field, Convert(field, item)));
            }
            else
            {
                values.Add((field, Convert(field, value)));
            }
        }
        return new Prepared(source.Id, values);
    }

    /// <summary>The Lucene fields of a prepared document; valid until the next call (the fields are reused).</summary>
    public IEnumerable<IIndexableField> Fields(Prepared prepared)
    {
        _used.Clear();
        _document.Clear();
        foreach (var terms in _terms.Values) terms.Clear();
        Term(LuceneFields.Id, prepared.Id);
        var rowLength = 0;
        ValueRow.StartWithId(ref _row, ref rowLength, prepared.Id);
        SearchField? previous = null;
        foreach (var (field, value) in prepared.Values)
        {
            if (!ReferenceEquals(field, previous)) Term(LuceneFields.Exists, field.Name); // a multi field's values are adjacent
            previous = field;
            var sortable = !field.Multi;
            switch (field.Type)
            {
                case SearchFieldType.Keyword or SearchFieldType.Bool:
                    Term(field.Name, (string)value);
                    if (sortable) Add(field.Name, Kind.SortedValue, (string)value);
                    break;
                case SearchFieldType.Text:
                    Add(field.Name, Kind.Text, (string)value);
                    break;
                // Single values are read from the row only (ranges, exact matches, sorts); no terms to index.
                case SearchFieldType.Long or SearchFieldType.Date when sortable:
                    ValueRow.Append(ref _row, ref rowLength, slots.For(field.Name), isDouble: false, (long)value);
                    break;
                case SearchFieldType.Long or SearchFieldType.Date:
                    Add(field.Name, Kind.Int64, (long)value);
                    break;
                case SearchFieldType.Double when sortable:
                    ValueRow.Append(ref _row, ref rowLength, slots.For(field.Name), isDouble: true, BitConverter.DoubleToInt64Bits((double)value));
                    break;
                case SearchFieldType.Double:
                    Add(field.Name, Kind.Double, (double)value);
                    break;
            }
        }
        // The writer copies the bytes when the document is added, so one buffer serves every document.
        Add(LuceneFields.Values, Kind.Row, new BytesRef(_row, 0, rowLength));
        foreach (var terms in _terms.Values)
            if (terms.Count > 0) _document.Add(terms.Field);
        return _document;
    }

    /// <summary>Terms are gathered per field and added as one field instance each (<see cref="TermListTokenStream"/>).</summary>
    private void Term(string name, string value)
    {
        if (!_terms.TryGetValue(name, out var terms)) _terms[name] = terms = new TermListTokenStream(name);
        terms.Add(value);
    }

    private void Add(string name, Kind kind, object value)
    {
        var key = (name, kind);
        _used.TryGetValue(key, out var occurrence);
        _used[key] = occurrence + 1;
        if (!_fields.TryGetValue(key, out var pool)) _fields[key] = pool = [];
        if (occurrence == pool.Count) pool.Add(Create(name, kind));
        var field = pool[occurrence];
        switch (kind)
        {
            case Kind.Text: field.SetStringValue((string)value); break;
            case Kind.SortedValue: field.SetBytesValue(new BytesRef((string)value)); break;
            case Kind.Row: field.SetBytesValue((BytesRef)value); break;
            case Kind.Int64: field.SetInt64Value((long)value); break;
            default: field.SetDoubleValue((double)value); break;
        }
        _document.Add(field);
    }

    private static Field Create(string name, Kind kind) => kind switch
    {
        Kind.Text => new TextField(name, "", Field.Store.NO),
        Kind.SortedValue => new SortedDocValuesField(name, new BytesRef()),
        Kind.Int64 => new Int64Field(name, 0L, Field.Store.NO),
        Kind.Double => new DoubleField(name, 0d, Field.Store.NO),
        _ => new BinaryDocValuesField(name, new BytesRef()),
    };

    private static object Convert(SearchField field, object value) => field.Type switch
    {
        SearchFieldType.Keyword or SearchFieldType.Text => value as string ?? throw Mismatch(field, value),
        SearchFieldType.Long or SearchFieldType.Date => value switch
        {
            long l => l,
            int i => (long)i,
            DateTimeOffset d when field.Type == SearchFieldType.Date => d.ToUnixTimeMilliseconds(),
            _ => throw Mismatch(field, value),
        },
        SearchFieldType.Double => value switch
        {
            double d => d,
            float f => (double)f,
            long l => (double)l,
            int i => (double)i,
            decimal m => (double)m,
            _ => throw Mismatch(field, value),
        },
        SearchFieldType.Bool => value is bool b ? (b ? "true" : "false") : throw Mismatch(field, value),
        _ => throw Mismatch(field, value),
    };

    private static SearchQueryException Mismatch(SearchField field, object value) =>
        new($"Field '{field.Name}' is {field.Type}; value {System.Convert.ToString(value, CultureInfo.InvariantCulture)} ({value.GetType().Name}) does not fit.");
}
