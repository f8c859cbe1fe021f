using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Shop.Framework.Search;
using TermQuery = Shop.Framework.Search.TermQuery;
using PrefixQuery = Shop.Framework.Search.PrefixQuery;

namespace Shop.Search.Lucene;

/// <summary>
/// Compiles the query model to Lucene queries with the same meaning as the Elasticsearch
/// provider's DSL. Exact-value clauses on keywords and bools go through the shared term-filter
/// cache (per-segment bitsets reused by every query), numeric ranges and exact numbers on
/// single-valued fields read the cached value columns and only test the documents the other
/// clauses leave, so counting a tag audience intersects cached bitsets instead of scoring.
/// </summary>
internal sealed class LuceneQueryCompiler(SearchIndexDefinition definition, DateTimeOffset now, Analyzer analyzer, TermFilterCache filters,
    NumericValuesCache values)
{
    public Query Compile(SearchQuery query) => query switch
    {
        BoolQuery b => Bool(b),
        TermQuery t => Term(definition.RequireField(t.Field), t.Value, "term"),
        TermsQuery t => Terms(t),
        RangeQuery r => Range(r),
        ExistsQuery e => Cached(LuceneFields.Exists, definition.RequireField(e.Field).Name),
        MatchQuery m => Match(m),
        PrefixQuery p => new global::Lucene.Net.Search.PrefixQuery(new Term(Keyword(p.Field, "prefix").Name, p.Prefix)),
        MatchAllQuery => new MatchAllDocsQuery(),
        IdsQuery i => Ids(i),
        _ => throw new SearchQueryException($"Unsupported query type {query.GetType().Name}."),
    };

    private static Query Ids(IdsQuery i)
    {
        var any = new BooleanQuery();
        foreach (var id in i.Ids.Distinct()) any.Add(new global::Lucene.Net.Search.TermQuery(new Term(LuceneFields.Id, id)), Occur.SHOULD);
        return i.Ids.Count == 0 ? new BooleanQuery { { new MatchAllDocsQuery(), Occur.MUST_NOT } } : new ConstantScoreQuery(any);
    }

    private Query Bool(BoolQuery b)
    {
        // More should clauses required than there are: nothing matches ("any of" no conditions).
        if (b.EffectiveMinimumShouldMatch > b.Should.Count) return new BooleanQuery();
        if (b.Must.Count + b.Should.Count + b.MustNot.Count + b.Filter.Count == 0) return new MatchAllDocsQuery();
        var result = new BooleanQuery();
        foreach (var clause in b.Must) result.Add(Compile(clause), Occur.MUST);
        foreach (var clause in b.Filter) result.Add(new ConstantScoreQuery(Compile(clause)), Occur.MUST);
        foreach (var clause in b.Should) result.Add(Compile(clause), Occur.SHOULD);
        foreach (var clause in b.MustNot) result.Add(Compile(clause), Occur.MUST_NOT);
        result.MinimumNumberShouldMatch = b.EffectiveMinimumShouldMatch;
        // Lucene matches nothing for purely negative clauses; Elasticsearch means "everything except".
        if (b.Must.Count + b.Filter.Count == 0 && (b.Should.Count == 0 || b.EffectiveMinimumShouldMatch == 0))
            result.Add(new MatchAllDocsQuery(), Occur.MUST);
        return result;
    }

    private Query Term(SearchField field, string value, string what) => field.Type switch
    {
        SearchFieldType.Text => throw new SearchQueryException($"Field '{field.Name}' is text; {what} needs an exact-value field (use match for text)."),
        SearchFieldType.Keyword => Cached(field.Name, value),
        SearchFieldType.Bool => Cached(field.Name, SearchValues.ParseBool(field, value) ? "true" : "false"),
        SearchFieldType.Double when field.Multi => Exact(field.Name, SearchValues.ParseDouble(field, value)),
        _ when field.Multi => Exact(field.Name, (long)SearchValues.Parse(field, value, now)),
        // Single-valued numbers and dates are not indexed as terms (see LuceneDocuments): an exact match reads the column like a range.
        _ => Column(new TermQuery(field.Name, value)),
    };

    private static Query Exact(string field, double value) => NumericRangeQuery.NewDoubleRange(field, value, value, true, true);

    private static Query Exact(string field, long value) => NumericRangeQuery.NewInt64Range(field, value, value, true, true);

    private Query Terms(TermsQuery t)
    {
        var field = definition.RequireField(t.Field);
        var any = new BooleanQuery();
        foreach (var value in t.Values.Distinct()) any.Add(Term(field, value, "terms"), Occur.SHOULD);
        any.MinimumNumberShouldMatch = 1;
        return t.Values.Count == 0 ? new BooleanQuery() : new ConstantScoreQuery(any);
    }

    private Query Range(RangeQuery r)
    {
        var field = definition.RequireField(r.Field);
        CheckBounds(field, r);
        var lower = r.Gte ?? r.Gt;
        var upper = r.Lte ?? r.Lt;
        bool includeLower = r.Gte is not null, includeUpper = r.Lte is not null;
        switch (field.Type)
        {
            case SearchFieldType.Keyword:
                return TermRangeQuery.NewStringRange(field.Name, lower, upper, includeLower, includeUpper);
            case SearchFieldType.Long or SearchFieldType.Date:
            {
                if (!field.Multi) return Column(r);
                long? min = lower is null ? null : (long)SearchValues.Parse(field, lower, now);
                long? max = upper is null ? null : (long)SearchValues.Parse(field, upper, now);
                return NumericRangeQuery.NewInt64Range(field.Name, min, max, includeLower, includeUpper);
            }
            case SearchFieldType.Double:
            {
                if (!field.Multi) return Column(r);
                double? min = lower is null ? null : SearchValues.ParseDouble(field, lower);
                double? max = upper is null ? null : SearchValues.ParseDouble(field, upper);
                return NumericRangeQuery.NewDoubleRange(field.Name, min, max, includeLower, includeUpper);
            }
            default:
                throw new SearchQueryException($"Field '{field.Name}' is {field.Type}; range needs a keyword, number or date field.");
        }
    }

    /// <summary>A range needs a bound, and one kind of bound a side (shared with <see cref="ValueCheck"/>, which the counter uses).</summary>
    public static void CheckBounds(SearchField field, RangeQuery r)
    {
        if (r.Gt is null && r.Gte is null && r.Lt is null && r.Lte is null)
            throw new SearchQueryException($"Range on '{field.Name}' needs at least one bound.");
        if ((r.Gt is not null && r.Gte is not null) || (r.Lt is not null && r.Lte is not null))
            throw new SearchQueryException($"Range on '{field.Name}' has both an exclusive and an inclusive bound on the same side.");
    }

    /// <summary>A condition on a single-valued number or date; documents without the field never match it.</summary>
    private Query Column(SearchQuery condition) =>
        new ConstantScoreQuery(new ColumnRangeFilter(values, ValueCheck.From(condition, definition, now)!));

    private Query Match(MatchQuery m)
    {
        var field = definition.RequireField(m.Field);
        if (field.Type != SearchFieldType.Text)
            throw new SearchQueryException($"Field '{field.Name}' is {field.Type}; match needs a text field (use term for exact values).");
        var all = new BooleanQuery();
        using var stream = analyzer.GetTokenStream(field.Name, m.Text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) all.Add(new global::Lucene.Net.Search.TermQuery(new Term(field.Name, term.ToString())), Occur.MUST);
        stream.End();
        return all; // no terms: matches nothing, like Elasticsearch's zero_terms_query "none"
    }

    private SearchField Keyword(string name, string what)
    {
        var field = definition.RequireField(name);
        if (field.Type != SearchFieldType.Keyword)
            throw new SearchQueryException($"Field '{name}' is {field.Type}; {what} needs a keyword field.");
        return field;
    }

    private Query Cached(string field, string value) => new ConstantScoreQuery(filters.For(field, value));
}
