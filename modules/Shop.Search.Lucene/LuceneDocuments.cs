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
/// which made that the largest cost of a rebuild. Each declared field gets a <see cref="Plan"/>
/// the first time a document has it (its Lucene fields, its row slot), so writing a document
/// looks nothing up and boxes nothing.
/// </para>
/// </summary>
internal sealed class LuceneDocuments(SearchIndexDefinition definition, ValueSlots slots)
{
    private readonly Dictionary<string, Plan> _plans = new(StringComparer.Ordinal);
    private readonly List<IIndexableField> _document = [];
    private readonly TermListTokenStream _id = new(LuceneFields.Id);
    private readonly TermListTokenStream _exists = new(LuceneFields.Exists);
    private readonly BinaryDocValuesField _rowField = new(LuceneFields.Values, new BytesRef());
    private readonly BytesRef _rowBytes = new();
    private byte[] _row = new byte[256];
    private int _documentNumber;

    /// <summary>One value of a prepared document: text for keywords, bools and text, otherwise a number (a double as its bits).</summary>
    public readonly record struct Value(Plan Plan, string? Text, long Number);

    /// <summary>A document's values, converted and checked against the definition, ready to write.</summary>
    public readonly record struct Prepared(string Id, List<Value> Values);

    /// <summary>Converts and checks a document without writing anything, so a batch fails before its first write.</summary>
    public Prepared Prepare(SearchDocument source)
    {
        var values = new List<Value>(source.Fields.Count + 4);
        foreach (var (name, value) in source.Fields)
        {
            if (value is null) continue;
            var plan = PlanFor(name)
                ?? throw new SearchQueryException($"Document '{source.Id}' has field '{name}', which index '{definition.Name}' does not declare.");
            if (plan.Field.Multi && value is System.Collections.IEnumerable list and not string)
            {
                foreach (var item in list)
                    if (item is not null) values.Add(Convert(plan, item));
            }
            else
            {
                values.Add(Convert(plan, value));
            }
        }
        return new Prepared(source.Id, values);
    }

    /// <summary>The Lucene fields of a prepared document; valid until the next call (the fields are reused).</summary>
    public IEnumerable<IIndexableField> Fields(Prepared prepared)
    {
        _documentNumber++;
        _document.Clear();
        _id.Clear();
        _id.Add(prepared.Id);
        _document.Add(_id.Field);
        _exists.Clear();
        var rowLength = 0;
        ValueRow.StartWithId(ref _row, ref rowLength, prepared.Id);
        foreach (var (plan, text, number) in prepared.Values)
        {
            if (plan.Document != _documentNumber) Start(plan); // a multi field's values share one start
            switch (plan.Field.Type)
            {
                case SearchFieldType.Keyword or SearchFieldType.Bool:
                    plan.Terms!.Add(text!);
                    if (plan.Sorted is { } sorted)
                    {
                        plan.SortedBytes!.CopyChars(text);
                        sorted.SetBytesValue(plan.SortedBytes);
                    }
                    break;
                case SearchFieldType.Text:
                    Next(plan).SetStringValue(text);
                    break;
                // Single values are read from the row only (ranges, exact matches, sorts); no terms to index.
                case SearchFieldType.Long or SearchFieldType.Date or SearchFieldType.Double when !plan.Field.Multi:
                    if (plan.Slot < 0) plan.Slot = slots.For(plan.Field.Name);
                    ValueRow.Append(ref _row, ref rowLength, plan.Slot, plan.Field.Type == SearchFieldType.Double, number);
                    break;
                case SearchFieldType.Long or SearchFieldType.Date:
                    Next(plan).SetInt64Value(number);
                    break;
                case SearchFieldType.Double:
                    Next(plan).SetDoubleValue(BitConverter.Int64BitsToDouble(number));
                    break;
            }
        }
        if (_exists.Count > 0) _document.Add(_exists.Field);
        // The writer copies the bytes when the document is added, so one buffer serves every document.
        _rowBytes.Bytes = _row;
        _rowBytes.Length = rowLength;
        _rowField.SetBytesValue(_rowBytes);
        _document.Add(_rowField);
        return _document;
    }

    /// <summary>A field's first value in this document: its existence term, and its term list and sorted value once each.</summary>
    private void Start(Plan plan)
    {
        plan.Document = _documentNumber;
        plan.Used = 0;
        _exists.Add(plan.Field.Name);
        if (plan.Terms is { } terms)
        {
            terms.Clear();
            _document.Add(terms.Field);
        }
        if (plan.Sorted is { } sorted) _document.Add(sorted);
    }

    /// <summary>The field's next reused Lucene field in this document (text, multi-valued numbers).</summary>
    private Field Next(Plan plan)
    {
        var pool = plan.Pool!;
        if (plan.Used == pool.Count) pool.Add(plan.Field.Type switch
        {
            SearchFieldType.Text => new TextField(plan.Field.Name, "", Field.Store.NO),
            SearchFieldType.Double => new DoubleField(plan.Field.Name, 0d, Field.Store.NO),
            _ => new Int64Field(plan.Field.Name, 0L, Field.Store.NO),
        });
        var field = pool[plan.Used++];
        _document.Add(field);
        return field;
    }

    private Plan? PlanFor(string name)
    {
        if (_plans.TryGetValue(name, out var plan)) return plan;
        var field = definition.Field(name);
        if (field is null) return null;
        return _plans[name] = new Plan(field);
    }

    /// <summary>How one declared field is written, and the Lucene fields reused for it.</summary>
    internal sealed class Plan
    {
        public Plan(SearchField field)
        {
            Field = field;
            var keyword = field.Type is SearchFieldType.Keyword or SearchFieldType.Bool;
            if (keyword) Terms = new TermListTokenStream(field.Name);
            if (keyword && !field.Multi)
            {
                SortedBytes = new BytesRef();
                Sorted = new SortedDocValuesField(field.Name, SortedBytes);
            }
            if (field.Type == SearchFieldType.Text || (field.Multi && !keyword)) Pool = [];
        }

        public SearchField Field { get; }
        public TermListTokenStream? Terms { get; }
        public SortedDocValuesField? Sorted { get; }
        public BytesRef? SortedBytes { get; }
        public List<Field>? Pool { get; }

        /// <summary>The document being written when this field was last started, and how many pooled fields it has used.</summary>
        public int Document { get; set; }
        public int Used { get; set; }

        /// <summary>The field's slot in rows, taken when its first value is written.</summary>
        public int Slot { get; set; } = -1;
    }

    private static Value Convert(Plan plan, object value)
    {
        var field = plan.Field;
        return field.Type switch
        {
            SearchFieldType.Keyword or SearchFieldType.Text => new(plan, value as string ?? throw Mismatch(field, value), 0),
            SearchFieldType.Bool => new(plan, value is bool b ? (b ? "true" : "false") : throw Mismatch(field, value), 0),
            SearchFieldType.Long or SearchFieldType.Date => new(plan, null, value switch
            {
                long l => l,
                int i => i,
                DateTimeOffset d when field.Type == SearchFieldType.Date => d.ToUnixTimeMilliseconds(),
                _ => throw Mismatch(field, value),
            }),
            SearchFieldType.Double => new(plan, null, BitConverter.DoubleToInt64Bits(value switch
            {
                double d => d,
                float f => f,
                long l => l,
                int i => i,
                decimal m => (double)m,
                _ => throw Mismatch(field, value),
            })),
            _ => throw Mismatch(field, value),
        };
    }

    private static SearchQueryException Mismatch(SearchField field, object value) =>
        new($"Field '{field.Name}' is {field.Type}; value {System.Convert.ToString(value, CultureInfo.InvariantCulture)} ({value.GetType().Name}) does not fit.");
}
