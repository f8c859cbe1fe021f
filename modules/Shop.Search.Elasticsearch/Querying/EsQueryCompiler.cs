using System.Text.Json.Nodes;
using Shop.Framework.Search;

namespace Shop.Search.Elasticsearch.Querying;

/// <summary>
/// Compiles the query model to Elasticsearch Query DSL (also valid for OpenSearch 2.x). Values
/// are typed by the field's declared type with <see cref="SearchValues"/>, and relative dates are
/// resolved here against the caller's clock, so the cluster receives absolute epoch
/// milliseconds and a rule means exactly what it means on Lucene.
/// </summary>
public sealed class EsQueryCompiler(SearchIndexDefinition definition, DateTimeOffset now)
{
    public JsonObject Compile(SearchQuery query) => query switch
    {
        BoolQuery b => Bool(b),
        TermQuery t => Single("term", Exact(t.Field, "term"), Value(definition.RequireField(t.Field), t.Value)),
        TermsQuery t => Single("terms", Exact(t.Field, "terms"),
            new JsonArray(t.Values.Select(v => (JsonNode?)Value(definition.RequireField(t.Field), v)).ToArray())),
        RangeQuery r => Range(r),
        ExistsQuery e => Single("exists", "field", JsonValue.Create(definition.RequireField(e.Field).Name)),
        MatchQuery m => Match(m),
        PrefixQuery p => Single("prefix", Keyword(p.Field, "prefix"), JsonValue.Create(p.Prefix)),
        MatchAllQuery => new JsonObject { ["match_all"] = new JsonObject() },
        IdsQuery i => new JsonObject { ["ids"] = new JsonObject { ["values"] = new JsonArray(i.Ids.Distinct().Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()) } },
        _ => throw new SearchQueryException($"Unsupported query type {query.GetType().Name}."),
    };

    private JsonObject Bool(BoolQuery b)
    {
        // Elasticsearch drops a minimum above the should clauses it has (none: it matches everything); Lucene and the model match nothing.
        if (b.EffectiveMinimumShouldMatch > b.Should.Count) return new JsonObject { ["match_none"] = new JsonObject() };
        var body = new JsonObject();
        Clauses(body, "must", b.Must);
        Clauses(body, "should", b.Should);
        Clauses(body, "must_not", b.MustNot);
        Clauses(body, "filter", b.Filter);
        var minimum = b.EffectiveMinimumShouldMatch;
        if (b.Should.Count > 0) body["minimum_should_match"] = minimum;
        // Optional should clauses alone still match every document, as the model (and Lucene) say.
        if (b.Should.Count > 0 && minimum == 0 && b.Must.Count + b.Filter.Count == 0)
            body["filter"] = new JsonArray(new JsonObject { ["match_all"] = new JsonObject() });
        return new JsonObject { ["bool"] = body };
    }

    private void Clauses(JsonObject body, string name, IReadOnlyList<SearchQuery> clauses)
    {
        if (clauses.Count > 0) body[name] = new JsonArray(clauses.Select(c => (JsonNode?)Compile(c)).ToArray());
    }

    private JsonObject Range(RangeQuery r)
    {
        var field = definition.RequireField(r.Field);
        if (field.Type is SearchFieldType.Text or SearchFieldType.Bool)
            throw new SearchQueryException($"Field '{field.Name}' is {field.Type}; range needs a keyword, number or date field.");
        var bounds = new JsonObject();
        void Bound(string name, string? value)
        {
            if (value is not null) bounds[name] = Value(field, value);
        }
        Bound("gt", r.Gt);
        Bound("gte", r.Gte);
        Bound("lt", r.Lt);
        Bound("lte", r.Lte);
        if (bounds.Count == 0) throw new SearchQueryException($"Range on '{field.Name}' needs at least one bound.");
        return Single("range", field.Name, bounds);
    }

    private JsonObject Match(MatchQuery m)
    {
        var field = definition.RequireField(m.Field);
        if (field.Type != SearchFieldType.Text)
            throw new SearchQueryException($"Field '{field.Name}' is {field.Type}; match needs a text field (use term for exact values).");
        return Single("match", field.Name, new JsonObject { ["query"] = m.Text, ["operator"] = "and" });
    }

    /// <summary>A field that holds exact values (anything but text).</summary>
    private string Exact(string name, string what)
    {
        var field = definition.RequireField(name);
        if (field.Type == SearchFieldType.Text)
            throw new SearchQueryException($"Field '{name}' is text; {what} needs an exact-value field (use match for text).");
        return field.Name;
    }

    private string Keyword(string name, string what)
    {
        var field = definition.RequireField(name);
        if (field.Type != SearchFieldType.Keyword)
            throw new SearchQueryException($"Field '{name}' is {field.Type}; {what} needs a keyword field.");
        return field.Name;
    }

    private JsonValue Value(SearchField field, string value) => SearchValues.Parse(field, value, now) switch
    {
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        var other => JsonValue.Create((string)other),
    };

    private static JsonObject Single(string kind, string key, JsonNode value) =>
        new() { [kind] = new JsonObject { [key] = value } };
}
