using Shop.Audiences.Models;
using Shop.Audiences.Services;
using Shop.Framework.Search;

namespace Shop.Audiences.Tests;

public sealed class RuleCompilerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static readonly SearchIndexDefinition Members = new(SearchIndexes.Members,
    [
        new(MemberIndexFields.Tags, SearchFieldType.Keyword, Multi: true),
        new(MemberIndexFields.TierLevel, SearchFieldType.Long),
        new(MemberIndexFields.TotalPaidFen, SearchFieldType.Long),
        new(MemberIndexFields.LastOrderAt, SearchFieldType.Date),
        new(MemberIndexFields.CouponUsageShare, SearchFieldType.Double),
        new(MemberIndexFields.DisplayName, SearchFieldType.Text),
        new(MemberIndexFields.City, SearchFieldType.Keyword),
    ]);

    private static AudienceCondition C(string field, string op, params string[] values) => new() { Field = field, Operator = op, Values = [.. values] };

    private static SearchQuery Compile(string match, params AudienceCondition[] conditions)
    {
        var (query, errors) = AudienceRuleCompiler.Compile(new AudienceRule { Match = match, Conditions = [.. conditions] }, Members, Now);
        Assert.Empty(errors);
        return query!;
    }

    [Fact]
    public void All_conditions_become_filters_with_the_right_clause_per_operator()
    {
        var query = Assert.IsType<BoolQuery>(Compile(RuleMatch.All,
            C("tags", "all", "tea", "vip"),
            C("tier_level", "gte", "3"),
            C("last_order_at", "lte", "now-180d"),
            C("total_paid_fen", "between", "10000", "50000"),
            C("city", "notIn", "上海"),
            C("coupon_usage_share", "gte", "0.8"),
            C("display_name", "match", "王"),
            C("city", "missing")));

        Assert.Equal(8, query.Filter.Count);
        var allTags = Assert.IsType<BoolQuery>(query.Filter[0]);
        Assert.Equal([new TermQuery("tags", "tea"), new TermQuery("tags", "vip")], allTags.Filter);
        Assert.Equal(new RangeQuery("tier_level") { Gte = "3" }, query.Filter[1]);
        Assert.Equal(new RangeQuery("last_order_at") { Lte = "now-180d" }, query.Filter[2]);
        Assert.Equal(new RangeQuery("total_paid_fen") { Gte = "10000", Lte = "50000" }, query.Filter[3]);
        Assert.IsType<TermsQuery>(Assert.Single(Assert.IsType<BoolQuery>(query.Filter[4]).MustNot));
        Assert.Equal(new MatchQuery("display_name", "王"), query.Filter[6]);
        Assert.IsType<ExistsQuery>(Assert.Single(Assert.IsType<BoolQuery>(query.Filter[7]).MustNot));
    }

    [Fact]
    public void Any_needs_one_condition_and_no_condition_means_everyone()
    {
        var any = Assert.IsType<BoolQuery>(Compile(RuleMatch.Any, C("tags", "in", "a", "b"), C("tier_level", "eq", "5")));
        Assert.Equal(2, any.Should.Count);
        Assert.Equal(1, any.MinimumShouldMatch);
        Assert.IsType<MatchAllQuery>(Compile(RuleMatch.All));
    }

    [Fact]
    public void Errors_point_at_the_condition_that_does_not_fit()
    {
        var (query, errors) = AudienceRuleCompiler.Compile(new AudienceRule
        {
            Match = "most",
            Conditions =
            [
                C("shoe_size", "eq", "42"),
                C("tier_level", "gte", "three"),
                C("total_paid_fen", "between", "1"),
                C("tier_level", "near", "1"),
                C("display_name", "eq", "王"),
                C("last_order_at", "lte", "yesterday-ish"),
            ],
        }, Members, Now);

        Assert.Null(query);
        var fields = errors.Select(e => e.Field).ToList();
        Assert.Equal(["rule.match", "rule.conditions[0].field", "rule.conditions[1]", "rule.conditions[2].values", "rule.conditions[3].operator",
            "rule.conditions[4].operator", "rule.conditions[5]"], fields);
        Assert.All(errors, e => Assert.Equal("VALIDATION", e.Code));
    }
}
