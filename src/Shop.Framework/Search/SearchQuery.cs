using System.Text.Json.Serialization;

namespace Shop.Framework.Search;

/// <summary>
/// The provider-neutral query model. Audiences and rule tags are stored as this (JSON with a
/// "type" discriminator), and every provider compiles it: Lucene.Net queries, Elasticsearch
/// Query DSL. Values are strings interpreted by the field's type (see <see cref="SearchValues"/>),
/// so a stored rule and a GraphQL input have one shape whatever the field.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(BoolQuery), "bool")]
[JsonDerivedType(typeof(TermQuery), "term")]
[JsonDerivedType(typeof(TermsQuery), "terms")]
[JsonDerivedType(typeof(RangeQuery), "range")]
[JsonDerivedType(typeof(ExistsQuery), "exists")]
[JsonDerivedType(typeof(MatchQuery), "match")]
[JsonDerivedType(typeof(PrefixQuery), "prefix")]
[JsonDerivedType(typeof(MatchAllQuery), "matchAll")]
[JsonDerivedType(typeof(IdsQuery), "ids")]
public abstract record SearchQuery;

/// <summary>
/// Must and Filter clauses all match (Filter does not score); MustNot none; Should: at least
/// <see cref="MinimumShouldMatch"/> (default 1 when there is no Must/Filter clause, else 0).
/// An empty bool matches everything.
/// </summary>
public sealed record BoolQuery : SearchQuery
{
    public IReadOnlyList<SearchQuery> Must { get; init; } = [];
    public IReadOnlyList<SearchQuery> Should { get; init; } = [];
    public IReadOnlyList<SearchQuery> MustNot { get; init; } = [];
    public IReadOnlyList<SearchQuery> Filter { get; init; } = [];
    public int? MinimumShouldMatch { get; init; }

    /// <summary>
    /// The should-count this clause needs, with the default spelled out once for every provider.
    /// Every provider reads it the same way: more than there are should clauses matches nothing
    /// ("any of" no conditions), 0 makes the should clauses optional (with no must or filter the
    /// bool matches every document), and a negative count is refused.
    /// </summary>
    public int EffectiveMinimumShouldMatch =>
        MinimumShouldMatch is { } explicitCount
            ? explicitCount >= 0 ? explicitCount : throw new SearchQueryException($"minimumShouldMatch must not be negative ({explicitCount}).")
            : Should.Count > 0 && Must.Count == 0 && Filter.Count == 0 ? 1 : 0;
}

/// <summary>Exact value on a keyword, long, double, date or bool field.</summary>
public sealed record TermQuery(string Field, string Value) : SearchQuery;

/// <summary>Any of the values.</summary>
public sealed record TermsQuery(string Field, IReadOnlyList<string> Values) : SearchQuery;

/// <summary>Bounds on a long, double, date (or keyword, lexicographic) field; null bounds are open.</summary>
public sealed record RangeQuery(string Field) : SearchQuery
{
    public string? Gt { get; init; }
    public string? Gte { get; init; }
    public string? Lt { get; init; }
    public string? Lte { get; init; }
}

/// <summary>The document has a value for the field.</summary>
public sealed record ExistsQuery(string Field) : SearchQuery;

/// <summary>
/// Full-text on a text field, analysed the same way as the indexed text (CJK bigrams);
/// every term must match (operator AND) so "保温杯" finds the cup, not everything with "杯".
/// </summary>
public sealed record MatchQuery(string Field, string Text) : SearchQuery;

/// <summary>Keyword starts with the prefix.</summary>
public sealed record PrefixQuery(string Field, string Prefix) : SearchQuery;

public sealed record MatchAllQuery : SearchQuery;

/// <summary>Documents with one of these ids (a member's membership of an audience, a sample's details).</summary>
public sealed record IdsQuery(IReadOnlyList<string> Ids) : SearchQuery;
