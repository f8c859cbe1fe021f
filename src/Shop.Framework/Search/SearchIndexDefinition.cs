namespace Shop.Framework.Search;

/// <summary>How a field is indexed. Both providers map each type the same way, so a query means the same on either.</summary>
public enum SearchFieldType
{
    /// <summary>Exact string (ids, codes, tags, segments); term, terms, prefix, exists.</summary>
    Keyword,

    /// <summary>Analysed text, CJK bigrams for Chinese; match.</summary>
    Text,

    Long,
    Double,

    /// <summary>An instant, stored as unix milliseconds; range values may be relative (<c>now-180d</c>).</summary>
    Date,

    Bool,
}

/// <param name="Multi">The field holds a list (tags); a term matches when any value equals it.</param>
public sealed record SearchField(string Name, SearchFieldType Type, bool Multi = false);

/// <summary>
/// An index: its name (also the provider-side index name, after the provider's prefix) and its
/// typed fields. Documents carry only declared fields; queries on undeclared fields are refused.
/// </summary>
public sealed record SearchIndexDefinition(string Name, IReadOnlyList<SearchField> Fields)
{
    // Looked up for every field of every document written and every clause counted: a scan of the
    // list (and a closure each time) was a visible part of a rebuild.
    private Dictionary<string, SearchField>? _byName;

    /// <summary>A copy (<c>with</c>) builds its own lookup, as its fields may differ.</summary>
    private SearchIndexDefinition(SearchIndexDefinition original)
    {
        Name = original.Name;
        Fields = original.Fields;
    }

    public SearchField? Field(string name) => (_byName ??= ByName(Fields)).GetValueOrDefault(name);

    private static Dictionary<string, SearchField> ByName(IReadOnlyList<SearchField> fields)
    {
        var byName = new Dictionary<string, SearchField>(fields.Count, StringComparer.Ordinal);
        foreach (var field in fields) byName.TryAdd(field.Name, field); // the first of a repeated name, as before
        return byName;
    }

    /// <summary>Name and fields, as the record compared before it kept a lookup.</summary>
    public bool Equals(SearchIndexDefinition? other) =>
        other is not null && Name == other.Name && EqualityComparer<IReadOnlyList<SearchField>>.Default.Equals(Fields, other.Fields);

    public override int GetHashCode() => HashCode.Combine(Name, Fields);

    public SearchField RequireField(string name) =>
        Field(name) ?? throw new SearchQueryException($"Index '{Name}' has no field '{name}'.");
}

/// <summary>A query or document that does not fit the index definition: bad input, never a 500.</summary>
public sealed class SearchQueryException(string message) : Exception(message);

/// <summary>
/// One document. Values by field type: Keyword/Text → string, Long → long, Double → double,
/// Date → long (unix ms), Bool → bool; a multi-valued field takes an <c>IEnumerable</c> of those.
/// A missing or null field is absent (what <c>exists</c> tests).
/// </summary>
public sealed record SearchDocument(string Id, IReadOnlyDictionary<string, object?> Fields);
