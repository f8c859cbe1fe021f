using Shop.Testing;

namespace Shop.CheckIn.Tests;

/// <summary>
/// The indexes of check-in records: the member queries must have no date-leading index to stray
/// into (see M202612035001_DayStatsIndex), and the day's totals must still find their records
/// through the expression index.
/// </summary>
public class CheckInIndexTests(CheckInFixture fixture) : IClassFixture<CheckInFixture>
{
    [Fact]
    public async Task No_index_on_check_in_records_leads_with_the_plain_date()
    {
        var leading = await QueryPlans.LeadingColumnsAsync(fixture.App.App.Services, "checkin_records");

        Assert.Contains("member_id", leading);
        Assert.DoesNotContain("date", leading);
    }

    [Fact]
    public async Task The_day_totals_query_is_served_by_the_expression_index() =>
        Assert.Contains("ix_checkin_records_day", await QueryPlans.PlanAsync(fixture.App.App.Services,
            "SELECT COUNT(*) FROM checkin_records WHERE substr(date, 1, 10) = '2026-11-23'"));
}
