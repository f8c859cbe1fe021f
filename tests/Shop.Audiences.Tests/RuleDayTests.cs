using Shop.Audiences.Models;
using Shop.Audiences.Services;
using Shop.Framework.Search;

namespace Shop.Audiences.Tests;

/// <summary>A bare date in a rule is a whole day on the merchant's calendar (Asia/Shanghai here), not UTC midnight.</summary>
public sealed class RuleDayTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly SearchIndexDefinition Members = new(SearchIndexes.Members,
        [new(MemberIndexFields.LastOrderAt, SearchFieldType.Date), new(MemberIndexFields.RegisteredAt, SearchFieldType.Date)]);

    private static string Ms(int year, int month, int day, int hour) =>
        new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString();

    private static SearchQuery Compile(string op, params string[] values)
    {
        var rule = new AudienceRule { Match = RuleMatch.All, Conditions = [new() { Field = "last_order_at", Operator = op, Values = [.. values] }] };
        var (query, errors) = AudienceRuleCompiler.Compile(rule, Members, Now, zone: Shanghai);
        Assert.Empty(errors);
        return Assert.Single(Assert.IsType<BoolQuery>(query).Filter);
    }

    [Fact]
    public void Gte_starts_and_lte_ends_with_the_local_day()
    {
        // 2026-11-01 begins in Shanghai at 2026-10-31 16:00 UTC.
        Assert.Equal(new RangeQuery("last_order_at") { Gte = Ms(2026, 10, 31, 16) }, Compile("gte", "2026-11-01"));
        // Through the end of 30 November local: before 1 December begins (30 November 16:00 UTC).
        Assert.Equal(new RangeQuery("last_order_at") { Lt = Ms(2026, 11, 30, 16) }, Compile("lte", "2026-11-30"));
    }

    [Fact]
    public void Between_includes_both_local_days_and_eq_is_the_whole_local_day()
    {
        Assert.Equal(new RangeQuery("last_order_at") { Gte = Ms(2026, 10, 31, 16), Lt = Ms(2026, 11, 30, 16) }, Compile("between", "2026-11-01", "2026-11-30"));
        Assert.Equal(new RangeQuery("last_order_at") { Gte = Ms(2026, 10, 31, 16), Lt = Ms(2026, 11, 1, 16) }, Compile("eq", "2026-11-01"));
        var any = Assert.IsType<BoolQuery>(Compile("in", "2026-11-01", "2026-11-03"));
        Assert.Equal(new RangeQuery("last_order_at") { Gte = Ms(2026, 11, 2, 16), Lt = Ms(2026, 11, 3, 16) }, any.Should[1]);
        var none = Assert.IsType<BoolQuery>(Compile("notIn", "2026-11-01"));
        Assert.Equal(new RangeQuery("last_order_at") { Gte = Ms(2026, 10, 31, 16), Lt = Ms(2026, 11, 1, 16) }, Assert.Single(none.MustNot));
    }

    [Fact]
    public void Instants_and_relative_dates_stay_instants()
    {
        Assert.Equal(new RangeQuery("last_order_at") { Lte = "now-30d" }, Compile("lte", "now-30d"));
        Assert.Equal(new RangeQuery("last_order_at") { Gte = "now-30d", Lt = Ms(2026, 11, 30, 16) }, Compile("between", "now-30d", "2026-11-30"));
        Assert.Equal(new RangeQuery("last_order_at") { Gte = "2026-11-01T00:00:00Z" }, Compile("gte", "2026-11-01T00:00:00Z"));
    }

    private readonly AudiencesApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Preview_counts_members_by_the_day_they_registered_on_the_merchant_calendar()
    {
        var morning = await _app.MemberAsync(); // 2026-11-23 10:00 in Shanghai, 02:00 UTC
        _app.Clock.Advance(TimeSpan.FromHours(15));
        var nextDay = await _app.MemberAsync(); // 2026-11-24 01:00 in Shanghai, still 23 November in UTC
        await _app.DrainAsync();

        Assert.Equal(1, await _app.CountAsync(AudiencesApp.Rule("all", ("registered_at", "lte", ["2026-11-23"]))));
        Assert.Equal(1, await _app.CountAsync(AudiencesApp.Rule("all", ("registered_at", "gte", ["2026-11-24"]))));
        Assert.Equal(1, await _app.CountAsync(AudiencesApp.Rule("all", ("registered_at", "eq", ["2026-11-24"]))));
        Assert.Equal(2, await _app.CountAsync(AudiencesApp.Rule("all", ("registered_at", "between", ["2026-11-23", "2026-11-24"]))));
        Assert.NotEqual(morning, nextDay);
    }
}
