namespace Shop.CheckIn.Tests;

/// <summary>makeUpCheckIn through GraphQL with the demo rules: 3 days back, 2 per month, 20 points each.</summary>
public class MakeUpTests(CheckInFixture fixture) : IClassFixture<CheckInFixture>
{
    private readonly CheckInApp _app = fixture.App;

    private async Task<(string Token, string MemberId)> MemberWithDaysAsync(string phone, long points, params string[] days)
    {
        var member = await _app.MemberAsync(phone);
        if (points > 0) await _app.CreditAsync(member.MemberId, points);
        foreach (var day in days)
        {
            _app.SetDay(day);
            (await _app.CheckInAsync(member.Token, "d-" + day)).NoErrors();
        }
        return member;
    }

    [Fact]
    public async Task A_make_up_fills_the_gap_pays_its_cost_and_re_links_the_streak()
    {
        // 18, 19, _, 21, 22 then make up the 20th on the 22nd: the 21st and 22nd become days 4 and 5.
        var (token, memberId) = await MemberWithDaysAsync("13910000001", 100, "2026-11-18", "2026-11-19", "2026-11-21", "2026-11-22");
        var before = await _app.PointsAsync(token);

        var made = await _app.MakeUpAsync(token, "2026-11-20", "mu-1");
        var replay = await _app.MakeUpAsync(token, "2026-11-20", "mu-1");
        var status = await _app.StatusAsync(token, "2026-11");

        made.NoErrors();
        var record = made.Record();
        Assert.Equal("makeup", record.Str("kind"));
        Assert.Equal(3, record.Long("streak"));
        Assert.Equal(5, record.Long("pointsAwarded")); // the base only: no streak reward for a make-up day
        Assert.Equal(20, record.Long("costPoints"));
        Assert.Equal(record.Str("id"), replay.Record().Str("id"));
        Assert.Equal(before - 20 + 5, await _app.PointsAsync(token));
        var streaks = status["calendar"]!.AsArray().Where(d => d!["checkedIn"]!.GetValue<bool>()).Select(d => d!.Long("streak"));
        Assert.Equal([1, 2, 3, 4, 5], streaks);
        Assert.Equal(5, status.Long("streak")); // 18th to 22nd, today included
        Assert.Equal(5, status.Long("totalDays"));
        Assert.Equal(1, status.Long("makeUps"));
        Assert.Equal("makeup", status["calendar"]![19]!.Str("kind"));

        _app.SetDay("2026-11-23");
        var today = (await _app.CheckInAsync(token, "d-23")).Record();
        Assert.Equal(6, today.Long("streak")); // the next check-in builds on the re-linked streak
    }

    [Fact]
    public async Task A_make_up_can_complete_a_cumulative_count()
    {
        var (token, _) = await MemberWithDaysAsync("13910000002", 100,
            "2026-11-01", "2026-11-02", "2026-11-03", "2026-11-05", "2026-11-06", "2026-11-07");

        var made = (await _app.MakeUpAsync(token, "2026-11-04", "mu-7")).Record();

        Assert.Equal(25, made.Long("pointsAwarded")); // base 5 + 20 for the 7th check-in of November
        Assert.Equal(["BASE", "CUMULATIVE"], made["rewards"]!.AsArray().Select(r => r!.Str("kind")));
    }

    [Theory]
    [InlineData("2026-11-18", "MAKEUP_OUT_OF_RANGE")] // 4 days back
    [InlineData("2026-11-22", "MAKEUP_OUT_OF_RANGE")] // today
    [InlineData("2026-11-23", "MAKEUP_OUT_OF_RANGE")] // the future
    [InlineData("2026-11-21", "ALREADY_CHECKED_IN")]
    public async Task Days_outside_the_window_or_taken_are_refused(string date, string code)
    {
        var (token, memberId) = await MemberWithDaysAsync("1391000001" + date[^1], 100, "2026-11-21", "2026-11-22");

        var refused = await _app.MakeUpAsync(token, date, "bad-" + date);

        Assert.Equal(code, refused.Code());
        Assert.Null(refused["record"]);
        Assert.Equal(100 + 5 + 5, await _app.PointsAsync(token));
    }

    [Fact]
    public async Task A_make_up_cannot_reach_into_last_months_cycle()
    {
        var (token, _) = await MemberWithDaysAsync("13910000020", 100, "2026-12-01");
        Assert.Equal("MAKEUP_OUT_OF_RANGE", (await _app.MakeUpAsync(token, "2026-11-30", "prev")).Code());
    }

    [Fact]
    public async Task A_rolling_cycle_counts_make_ups_in_the_month_they_are_made()
    {
        using var app = new CheckInApp();
        await app.PublishProgramAsync(CheckInApp.DemoProgram(p =>
        {
            p["cycle"] = "rolling";
            p["makeUp"] = new System.Text.Json.Nodes.JsonObject { ["enabled"] = true, ["maxDaysBack"] = 3, ["maxPerCycle"] = 1, ["costPoints"] = 20 };
        }));
        var (token, memberId) = await app.MemberAsync("13910000029");
        await app.CreditAsync(memberId, 100);
        app.SetDay("2026-12-02");

        (await app.MakeUpAsync(token, "2026-11-30", "r-1")).NoErrors();
        var second = await app.MakeUpAsync(token, "2026-11-29", "r-2");
        var november = (await app.StatusAsync(token, "2026-11"))["calendar"]!.AsArray();
        var december = (await app.StatusAsync(token, "2026-12"))["calendar"]!.AsArray();

        // December's one make-up was spent on a November day.
        Assert.Equal("MAKEUP_LIMIT_REACHED", second.Code());
        Assert.DoesNotContain(november, d => d!["canMakeUp"]!.GetValue<bool>());
        Assert.DoesNotContain(december, d => d!["canMakeUp"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_third_make_up_of_a_cycle_is_refused()
    {
        var (token, _) = await MemberWithDaysAsync("13910000021", 100, "2026-11-10", "2026-11-14");

        (await _app.MakeUpAsync(token, "2026-11-11", "l-1")).NoErrors();
        (await _app.MakeUpAsync(token, "2026-11-12", "l-2")).NoErrors();
        var third = await _app.MakeUpAsync(token, "2026-11-13", "l-3");
        var calendar = (await _app.StatusAsync(token, "2026-11"))["calendar"]!.AsArray();

        Assert.Equal("MAKEUP_LIMIT_REACHED", third.Code());
        Assert.DoesNotContain(calendar, d => d!["canMakeUp"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Insufficient_points_roll_the_make_up_back()
    {
        var (token, memberId) = await MemberWithDaysAsync("13910000022", 0, "2026-11-10", "2026-11-12");
        Assert.Equal(10, await _app.PointsAsync(token));

        var refused = await _app.MakeUpAsync(token, "2026-11-11", "poor");
        var status = await _app.StatusAsync(token, "2026-11");

        Assert.Equal("INSUFFICIENT_POINTS", refused.Code());
        Assert.Equal(10, await _app.PointsAsync(token));
        Assert.False(status["calendar"]![10]!["checkedIn"]!.GetValue<bool>());
        Assert.True(status["calendar"]![10]!["canMakeUp"]!.GetValue<bool>());
        Assert.Equal(1, status["calendar"]![11]!.Long("streak"));
        Assert.Equal(2, status.Long("totalDays"));
        Assert.Equal(0, status.Long("makeUps"));

        await _app.CreditAsync(memberId, 20);
        (await _app.MakeUpAsync(token, "2026-11-11", "poor")).NoErrors(); // the refused key did not stick
    }

    [Fact]
    public async Task Bad_input_and_anonymous_callers_get_typed_errors()
    {
        var (token, _) = await MemberWithDaysAsync("13910000023", 100, "2026-11-12");

        // A malformed Date never reaches the service: the request is refused with 400.
        var badDate = await _app.App.StorefrontAsync(
            "mutation($d: Date!) { makeUpCheckIn(input: {date: $d, idempotencyKey: \"v-1\"}) { errors { code } } }", new { d = "11/11/2026" }, token);
        var badKey = await _app.MakeUpAsync(token, "2026-11-11", "");
        var anonymous = await _app.MakeUpAsync(null, "2026-11-11", "v-2");

        Assert.Equal(400, badDate.Status);
        Assert.Contains("$d", badDate.Errors![0]!["message"]!.GetValue<string>());
        Assert.Equal("idempotencyKey", badKey["errors"]![0]!.Str("field"));
        Assert.Equal("UNAUTHENTICATED", anonymous.Code());
    }

    [Fact]
    public async Task Admin_stats_count_a_make_up_on_the_day_it_fills()
    {
        var (token, _) = await MemberWithDaysAsync("13910000024", 100, "2026-09-02");
        (await _app.MakeUpAsync(token, "2026-09-01", "st")).NoErrors();

        var stats = (await _app.App.AdminAsync("{ checkInStats(date: \"2026-09-01\") { checkIns makeUps pointsSpent } }")).Data!["checkInStats"]!;

        Assert.Equal(1, stats.Long("checkIns"));
        Assert.Equal(1, stats.Long("makeUps"));
        Assert.Equal(20, stats.Long("pointsSpent"));
    }
}
