using System.Globalization;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Shop.Framework.Search;

namespace Shop.Search.Lucene;

/// <summary>
/// Sorts and <c>search_after</c> cursors. Missing values sort last in either direction (as
/// Elasticsearch does); the id is always the final key so pages never skip or repeat ties.
/// Cursor values are opaque strings: a type tag and the value.
/// </summary>
internal static class LuceneSortValues
{
    public static Sort Sort(SearchIndexDefinition definition, IReadOnlyList<SearchSort> sorts, NumericValuesCache values)
    {
        var fields = new List<SortField>();
        foreach (var sort in sorts)
        {
            var field = definition.RequireField(sort.Field);
            if (field.Type == SearchFieldType.Text) throw new SearchQueryException($"Field '{field.Name}' is text and cannot be sorted on.");
            if (field.Multi) throw new SearchQueryException($"Field '{field.Name}' holds several values and cannot be sorted on.");
            fields.Add(field.Type switch
            {
                // Numbers and dates sort from the value columns, which place missing values last themselves.
                SearchFieldType.Long or SearchFieldType.Date => new SortField(field.Name, new ColumnComparerSource(values, isDouble: false), sort.Descending),
                SearchFieldType.Double => new SortField(field.Name, new ColumnComparerSource(values, isDouble: true), sort.Descending),
                _ => Missing(new SortField(field.Name, SortFieldType.STRING, sort.Descending),
                    sort.Descending ? SortField.STRING_FIRST : SortField.STRING_LAST),
            });
        }
        fields.Add(new SortField(LuceneFields.Id, IdComparerSource.Instance));
        return new Sort(fields.ToArray());
    }

    private static SortField Missing(SortField field, object value)
    {
        field.SetMissingValue(value);
        return field;
    }

    public static string Encode(object? value) => value switch
    {
        null => "n",
        BytesRef bytes => "s" + bytes.Utf8ToString(),
        double or float => "d" + Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
        J2N.Numerics.Double d => "d" + d.ToDouble().ToString("R", CultureInfo.InvariantCulture),
        J2N.Numerics.Number n => "l" + n.ToInt64().ToString(CultureInfo.InvariantCulture),
        _ => "l" + Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The page's last hit as Lucene's "after" marker (doc id past every real doc, so only the id decides ties).</summary>
    public static FieldDoc After(Sort sort, IReadOnlyList<string> values)
    {
        var fields = sort.GetSort();
        if (values.Count != fields.Length)
            throw new SearchQueryException($"search_after needs {fields.Length} values (one per sort plus the id), got {values.Count}.");
        var decoded = new object?[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var value = values[i];
            if (value.Length == 0) throw Bad();
            var body = value[1..];
            var isDouble = (fields[i].ComparerSource as ColumnComparerSource)?.IsDouble;
            var isId = fields[i].ComparerSource is IdComparerSource;
            decoded[i] = (value[0], fields[i].Type, isDouble) switch
            {
                ('n', _, _) when !isId => null,
                ('s', SortFieldType.STRING, _) => new BytesRef(body),
                ('s', SortFieldType.CUSTOM, null) when isId => new BytesRef(body),
                ('l', SortFieldType.CUSTOM, false) when long.TryParse(body, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => J2N.Numerics.Int64.GetInstance(l),
                ('d', SortFieldType.CUSTOM, true) when double.TryParse(body, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => J2N.Numerics.Double.GetInstance(d),
                _ => throw Bad(),
            };
        }
        return new FieldDoc(int.MaxValue, float.NaN, decoded);
    }

    private static SearchQueryException Bad() => new("search_after holds a value this provider did not produce.");
}
