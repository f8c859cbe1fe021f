using Shop.Framework.Search;
using Shop.Search.Elasticsearch.Querying;

namespace Shop.Search.Elasticsearch.Tests;

/// <summary>The exact Query DSL each shape of the query model compiles to.</summary>
public sealed class QueryJsonTests
{
    private static string Json(SearchQuery query) => EsJson.Write(new EsQueryCompiler(TestIndex.Definition, TestIndex.Now).Compile(query));

    public static TheoryData<SearchQuery, string> Shapes => new()
    {
        { new TermQuery("tags", "vip"), """{"term":{"tags":"vip"}}""" },
        { new TermQuery("orderCount", "3"), """{"term":{"orderCount":3}}""" },
        { new TermQuery("distributor", "true"), """{"term":{"distributor":true}}""" },
        { new TermQuery("couponUsageShare", "0.8"), """{"term":{"couponUsageShare":0.8}}""" },
        { new TermsQuery("city", ["上海", "北京"]), """{"terms":{"city":["上海","北京"]}}""" },
        { new RangeQuery("couponUsageShare") { Gte = "0.8" }, """{"range":{"couponUsageShare":{"gte":0.8}}}""" },
        { new RangeQuery("orderCount") { Gt = "1", Lte = "10" }, """{"range":{"orderCount":{"gt":1,"lte":10}}}""" },
        { new RangeQuery("city") { Gte = "a", Lt = "m" }, """{"range":{"city":{"gte":"a","lt":"m"}}}""" },
        // now-180d resolved on our clock: 2026-05-27T08:00:00Z
        { new RangeQuery("lastOrderAt") { Lt = "now-180d" }, """{"range":{"lastOrderAt":{"lt":1779868800000}}}""" },
        { new RangeQuery("lastOrderAt") { Gte = "2026-01-01" }, """{"range":{"lastOrderAt":{"gte":1767225600000}}}""" },
        { new ExistsQuery("lastOrderAt"), """{"exists":{"field":"lastOrderAt"}}""" },
        { new MatchQuery("bio", "保温杯"), """{"match":{"bio":{"query":"保温杯","operator":"and"}}}""" },
        { new PrefixQuery("city", "上"), """{"prefix":{"city":"上"}}""" },
        { new IdsQuery(["m1", "m2", "m1"]), """{"ids":{"values":["m1","m2"]}}""" },
        { new MatchAllQuery(), """{"match_all":{}}""" },
        { new BoolQuery(), """{"bool":{}}""" },
        {
            new BoolQuery
            {
                Filter = [new TermQuery("tags", "a"), new TermQuery("tags", "b"), new TermQuery("tags", "c"), new RangeQuery("orderCount") { Gte = "2" }],
            },
            """{"bool":{"filter":[{"term":{"tags":"a"}},{"term":{"tags":"b"}},{"term":{"tags":"c"}},{"range":{"orderCount":{"gte":2}}}]}}"""
        },
        {
            new BoolQuery { Should = [new TermQuery("tags", "a"), new TermQuery("tags", "b")] },
            """{"bool":{"should":[{"term":{"tags":"a"}},{"term":{"tags":"b"}}],"minimum_should_match":1}}"""
        },
        {
            new BoolQuery { Must = [new ExistsQuery("city")], Should = [new TermQuery("tags", "a")] },
            """{"bool":{"must":[{"exists":{"field":"city"}}],"should":[{"term":{"tags":"a"}}],"minimum_should_match":0}}"""
        },
        {
            new BoolQuery { Should = [new TermQuery("tags", "a"), new TermQuery("tags", "b"), new TermQuery("tags", "c")], MinimumShouldMatch = 2, MustNot = [new TermQuery("distributor", "false")] },
            """{"bool":{"should":[{"term":{"tags":"a"}},{"term":{"tags":"b"}},{"term":{"tags":"c"}}],"must_not":[{"term":{"distributor":false}}],"minimum_should_match":2}}"""
        },
        {
            new BoolQuery { Must = [new BoolQuery { MustNot = [new ExistsQuery("lastOrderAt")] }] },
            """{"bool":{"must":[{"bool":{"must_not":[{"exists":{"field":"lastOrderAt"}}]}}]}}"""
        },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Compiles_each_shape_to_the_exact_dsl(SearchQuery query, string expected) => Assert.Equal(expected, Json(query));

    public static TheoryData<SearchQuery, string> Refused => new()
    {
        { new TermQuery("nope", "x"), "no field 'nope'" },
        { new TermQuery("bio", "x"), "use match" },
        { new TermQuery("orderCount", "many"), "whole number" },
        { new TermQuery("distributor", "yes"), "true or false" },
        { new RangeQuery("lastOrderAt") { Lt = "last tuesday" }, "ISO-8601" },
        { new RangeQuery("orderCount"), "at least one bound" },
        { new RangeQuery("distributor") { Gte = "true" }, "range needs" },
        { new MatchQuery("city", "上海"), "match needs a text field" },
        { new PrefixQuery("orderCount", "1"), "prefix needs a keyword field" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_queries_that_do_not_fit_the_index(SearchQuery query, string reason)
    {
        var error = Assert.Throws<SearchQueryException>(() => Json(query));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Stored_rules_round_trip_through_json_with_a_type_discriminator()
    {
        SearchQuery rule = new BoolQuery { Filter = [new TermsQuery("tags", ["a", "b"]), new RangeQuery("lastOrderAt") { Lt = "now-180d" }] };
        var json = System.Text.Json.JsonSerializer.Serialize(rule, System.Text.Json.JsonSerializerOptions.Web);
        Assert.Contains("\"type\":\"bool\"", json);
        var back = System.Text.Json.JsonSerializer.Deserialize<SearchQuery>(json, System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.Equal(Json(rule), Json(back));
    }
}
