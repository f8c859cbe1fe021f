using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using Shop.Framework.Search;

namespace Shop.Search.Lucene;

/// <summary>
/// Maps a <see cref="SearchDocument"/> to Lucene fields by declared type: keywords and bools as
/// untokenised terms, text through the CJK analyser, numbers and dates as trie-encoded numeric
/// fields. Single-valued fields also get doc values, which sorting and range filters read.
/// </summary>
internal static class LuceneDocuments
{
    public static Document Build(SearchIndexDefinition definition, SearchDocument source)
    {
        var doc = new Document
        {
            new StringField(LuceneFields.Id, source.Id, Field.Store.NO),
            new SortedDocValuesField(LuceneFields.Id, new BytesRef(source.Id)),
        };
        foreach (var (name, value) in source.Fields)
        {
            if (value is null) continue;
            var field = definition.Field(name)
                ?? throw new SearchQueryException($"Document '{source.Id}' has field '{name}', which index '{definition.Name}' does not declare.");
            var values = field.Multi && value is System.Collections.IEnumerable list and not string
                ? list.Cast<object?>().Where(v => v is not null).Select(v => v!).ToList()
                : [value];
            if (values.Count == 0) continue;
            doc.Add(new StringField(LuceneFields.Exists, field.Name, Field.Store.NO));
            foreach (var item in values) Add(doc, field, item, sortable: !field.Multi);
        }
        return doc;
    }

    private static void Add(Document doc, SearchField field, object value, bool sortable)
    {
        switch (field.Type)
        {
            case SearchFieldType.Keyword:
                var keyword = Text(field, value);
                doc.Add(new StringField(field.Name, keyword, Field.Store.NO));
                if (sortable) doc.Add(new SortedDocValuesField(field.Name, new BytesRef(keyword)));
                break;
            case SearchFieldType.Text:
                doc.Add(new TextField(field.Name, Text(field, value), Field.Store.NO));
                break;
            case SearchFieldType.Long or SearchFieldType.Date:
                var number = Long(field, value);
                doc.Add(new Int64Field(field.Name, number, Field.Store.NO));
                if (sortable) doc.Add(new NumericDocValuesField(field.Name, number));
                break;
            case SearchFieldType.Double:
                var real = value switch
                {
                    double d => d,
                    float f => f,
                    long l => l,
                    int i => i,
                    decimal m => (double)m,
                    _ => throw Mismatch(field, value),
                };
                doc.Add(new DoubleField(field.Name, real, Field.Store.NO));
                if (sortable) doc.Add(new DoubleDocValuesField(field.Name, real));
                break;
            case SearchFieldType.Bool:
                var flag = value is bool b ? (b ? "true" : "false") : throw Mismatch(field, value);
                doc.Add(new StringField(field.Name, flag, Field.Store.NO));
                if (sortable) doc.Add(new SortedDocValuesField(field.Name, new BytesRef(flag)));
                break;
        }
    }

    private static string Text(SearchField field, object value) => value as string ?? throw Mismatch(field, value);

    private static long Long(SearchField field, object value) => value switch
    {
        long l => l,
        int i => i,
        DateTimeOffset d when field.Type == SearchFieldType.Date => d.ToUnixTimeMilliseconds(),
        _ => throw Mismatch(field, value),
    };

    private static SearchQueryException Mismatch(SearchField field, object value) =>
        new($"Field '{field.Name}' is {field.Type}; value {Convert.ToString(value, CultureInfo.InvariantCulture)} ({value.GetType().Name}) does not fit.");
}
