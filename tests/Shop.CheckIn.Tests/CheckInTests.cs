using Shop.Testing;

namespace Shop.CheckIn.Tests;

/// <summary>checkIn through GraphQL: the local day, replays, streaks, rewards and the calendar.</summary>
public class CheckInTests(CheckInFixture fixture) : IClassFixture<CheckInFixture>
{
    private readonly CheckInApp _app = fixture.App;

    [Fact]
    public async Task Check_in_awards_the_base_and_a_replay_returns_the_first_record()
    {
        _app.SetDay("2026-11-10");
        var (token, _) = await _app.MemberAsync("13900000001");

        var first = await _app.CheckInAsync(token, "k-1");
        var replay = await _app.CheckInAsync(token, "k-1");

        first.NoErrors();
        replay.NoErrors();
        var record = first.Record();
        Assert.Equal("2026-11-10", record.Str("date"));
        Assert.Equal("normal", record.Str("kind"));
        Assert.Equal(1, record.Long("streak"));
        Assert.Equal(5, record.Long("pointsAwarded"));
        Assert.Equal(1, record.Long("growthAwarded"));
        Assert.Equal(record.Str("id"), replay.Record().Str("id"));
        Assert.Equal(5, await _app.PointsAsync(token));
        Assert.Equal(1, await _app.GrowthAsync(token));
    }

    [Fact]
    public async Task A_key_replayed_on_a_later_day_returns_the_first_record_and_checks_nothing_in()
    {
        _app.SetDay("2026-11-10");
        var (token, _) = await _app.MemberAsync("13900000099");
        var first = (await _app.CheckInAsync(token, "once")).Record();

        _app.SetDay("2026-11-11");
        var replay = await _app.CheckInAsync(token, "once");

        replay.NoErrors();
        Assert.Equal(first.Str("id"), replay.Record().Str("id"));
        Assert.Equal("2026-11-10", replay.Record().Str("date"));
        Assert.Equal(5, await _app.PointsAsync(token));
        (await _app.CheckInAsync(token, "fresh")).NoErrors();
        Assert.Equal(10, await _app.PointsAsync(token));
    }

    [Fact]
    public async Task A_second_check_in_the_same_day_is_refused()
    {
        _app.SetDay("2026-11-10");
        var (token, _) = await _app.MemberAsync("13900000002");

        (await _app.CheckInAsync(token, "a")).NoErrors();
        var again = await _app.CheckInAsync(token, "b");

        Assert.Equal("ALREADY_CHECKED_IN", again.Code());
        Assert.Null(again["record"]);
        Assert.Equal(5, await _app.PointsAsync(token));
    }

    [Theory]
    [InlineData("2026-11-23T15:59:59Z", "2026-11-23", "2026-11-23T16:00:00Z")] // 23:59:59 in Asia/Shanghai, then one second later
    [InlineData("2026-11-23T16:00:00Z", "2026-11-24", "2026-11-25T15:59:59Z")] // midnight in Asia/Shanghai
    public async Task Check_in_day_is_the_merchants_local_day(string utc, string expectedDay, string nextUtc)
    {
        var (token, _) = await _app.MemberAsync(utc.EndsWith("59Z") ? "13900000003" : "13900000004");
        _app.SetNow(DateTimeOffset.Parse(utc));
        var first = await _app.CheckInAsync(token, "day-1");
        _app.SetNow(DateTimeOffset.Parse(nextUtc));
        var next = await _app.CheckInAsync(token, "day-2");

        Assert.Equal(expectedDay, first.Record().Str("date"));
        Assert.Equal(DateOnly.Parse(expectedDay).AddDays(1).ToString("yyyy-MM-dd"), next.Record().Str("date"));
        Assert.Equal(2, next.Record().Long("streak"));
    }

    [Fact]
    public async Task Streaks_pay_on_day_3_and_7_and_reset_after_a_missed_day()
    {
        var (token, _) = await _app.MemberAsync("13900000005");
        var streaks = new List<long>();
        var points = new List<long>();
        foreach (var day in new[] { "2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07", "2026-11-09" })
        {
            _app.SetDay(day);
            var record = (await _app.CheckInAsync(token, "s-" + day)).Record();
            streaks.Add(record.Long("streak"));
            points.Add(record.Long("pointsAwarded"));
        }

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 1], streaks);
        // Day 3: +10 streak; day 7: +30 streak and +20 for the 7th check-in of November.
        Assert.Equal([5, 5, 15, 5, 5, 5, 55, 5], points);
        Assert.Equal(points.Sum(), await _app.PointsAsync(token));
        Assert.Equal(8 + 5, await _app.GrowthAsync(token));
    }

    [Fact]
    public async Task Calendar_lists_every_local_day_of_the_month_with_what_can_be_made_up()
    {
        var (token, _) = await _app.MemberAsync("13900000006");
        foreach (var day in new[] { "2026-11-18", "2026-11-19", "2026-11-21" })
        {
            _app.SetDay(day);
            (await _app.CheckInAsync(token, "c-" + day)).NoErrors();
        }
        _app.SetDay("2026-11-22");

        var status = await _app.StatusAsync(token, "2026-11");
        var days = status["calendar"]!.AsArray();

        Assert.Equal(30, days.Count);
        Assert.Equal("2026-11-01", days[0]!.Str("date"));
        Assert.Equal("2026-11-30", days[29]!.Str("date"));
        Assert.Equal(["2026-11-18", "2026-11-19", "2026-11-21"], days.Where(d => d!["checkedIn"]!.GetValue<bool>()).Select(d => d!.Str("date")));
        // Three days back from the 22nd, not already checked in: the 19th is taken, so the 20th only.
        Assert.Equal(["2026-11-20"], days.Where(d => d!["canMakeUp"]!.GetValue<bool>()).Select(d => d!.Str("date")));
        Assert.Equal("normal", days[17]!.Str("kind"));
        Assert.Null(days[19]!["kind"]);
        Assert.False(status["checkedInToday"]!.GetValue<bool>());
        Assert.Equal(1, status.Long("streak")); // yesterday's run of one is still alive today
        Assert.Equal(3, status.Long("totalDays"));
        Assert.Equal(3, status.Long("cycleCount"));
        Assert.Equal(31, (await _app.StatusAsync(token, "2026-12"))["calendar"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_malformed_month_is_a_request_error()
    {
        var (token, _) = await _app.MemberAsync("13900000007");
        var response = await _app.App.StorefrontAsync("{ me { checkIn { calendar(month: \"November\") { date } } } }", token: token);
        Assert.Equal("VALIDATION", response.FirstErrorCode);
    }

    [Fact]
    public async Task Staff_need_CheckIn_View_to_read_a_members_check_ins()
    {
        var (token, memberId) = await _app.MemberAsync("13900000018");
        const string Query = "query($id: ID!) { member(id: $id) { id checkIn { totalDays calendar(month: \"2026-11\") { date } } } }";

        var membersOnly = await _app.App.AdminAsync(Query, new { id = memberId }, await StaffKeys.WithAsync(_app.App, "checkin-members-only", "Members.View"));
        var checkInsToo = await _app.App.AdminAsync(Query, new { id = memberId }, await StaffKeys.WithAsync(_app.App, "checkin-viewer", "Members.View", "CheckIn.View"));
        var own = await _app.StatusAsync(token, "2026-11");

        Assert.Equal("ACCESS_DENIED", membersOnly.FirstErrorCode);
        Assert.True(checkInsToo.Errors is null, checkInsToo.ToString());
        Assert.Equal(30, own["calendar"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_last_representable_month_has_a_calendar()
    {
        var (token, _) = await _app.MemberAsync("13900000017");
        var response = await _app.App.StorefrontAsync("{ me { checkIn { calendar(month: \"9999-12\") { date } } } }", token: token);
        Assert.True(response.Errors is null, response.ToString());
        var days = response.Data!["me"]!["checkIn"]!["calendar"]!.AsArray();
        Assert.Equal(("9999-12-01", "9999-12-31"), (days[0]!.Str("date"), days[^1]!.Str("date")));
    }

    [Fact]
    public async Task Cumulative_count_restarts_with_the_month()
    {
        var (token, _) = await _app.MemberAsync("13900000008");
        _app.SetDay("2026-11-30");
        (await _app.CheckInAsync(token, "m-1")).NoErrors();
        _app.SetDay("2026-12-01");
        (await _app.CheckInAsync(token, "m-2")).NoErrors();

        var status = await _app.StatusAsync(token, "2026-12");
        Assert.Equal(2, status.Long("streak")); // streaks run across the reset
        Assert.Equal(1, status.Long("cycleCount"));
        Assert.True(status["checkedInToday"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Anonymous_check_in_is_refused_and_the_programme_shows_the_base()
    {
        _app.SetDay("2026-11-10");
        var response = await _app.App.StorefrontAsync("mutation { checkIn(input: {idempotencyKey: \"x\"}) { record { id } errors { code } } }");
        var program = await _app.App.StorefrontAsync("{ checkInProgram { title cycle timeZone basePoints streakRewards { day points } cumulativeRewards { count points } makeUp { enabled costPoints } today { date checkedIn points rewards { kind } } } }");

        Assert.Equal("UNAUTHENTICATED", response.Data!["checkIn"]!.Code());
        var p = program.Data!["checkInProgram"]!;
        Assert.Equal("monthly", p.Str("cycle"));
        Assert.Equal("Asia/Shanghai", p.Str("timeZone"));
        Assert.Equal([3, 7], p["streakRewards"]!.AsArray().Select(r => r!["day"]!.GetValue<int>()));
        Assert.Equal([7, 15, 28], p["cumulativeRewards"]!.AsArray().Select(r => r!["count"]!.GetValue<int>()));
        Assert.Equal(5, p["today"]!.Long("points"));
        Assert.Equal("2026-11-10", p["today"]!.Str("date"));
    }

    [Fact]
    public async Task Todays_reward_for_a_member_previews_the_streak_then_shows_what_was_earned()
    {
        var (token, _) = await _app.MemberAsync("13900000009");
        foreach (var day in new[] { "2026-11-11", "2026-11-12" })
        {
            _app.SetDay(day);
            (await _app.CheckInAsync(token, "t-" + day)).NoErrors();
        }
        _app.SetDay("2026-11-13");
        const string Query = "{ checkInProgram { today { checkedIn streak points rewards { kind day points } } } }";

        var before = (await _app.App.StorefrontAsync(Query, token: token)).Data!["checkInProgram"]!["today"]!;
        (await _app.CheckInAsync(token, "t-3")).NoErrors();
        var after = (await _app.App.StorefrontAsync(Query, token: token)).Data!["checkInProgram"]!["today"]!;

        Assert.False(before["checkedIn"]!.GetValue<bool>());
        Assert.Equal(3, before.Long("streak"));
        Assert.Equal(15, before.Long("points"));
        Assert.True(after["checkedIn"]!.GetValue<bool>());
        Assert.Equal(15, after.Long("points"));
        Assert.Equal(["BASE", "STREAK"], after["rewards"]!.AsArray().Select(r => r!.Str("kind")));
    }

    [Fact]
    public async Task Admin_stats_count_a_days_check_ins_and_need_the_permission()
    {
        var (a, _) = await _app.MemberAsync("13900000010");
        var (b, _) = await _app.MemberAsync("13900000011");
        _app.SetDay("2026-10-05");
        (await _app.CheckInAsync(a, "st-a")).NoErrors();
        (await _app.CheckInAsync(b, "st-b")).NoErrors();

        var stats = await _app.App.AdminAsync("{ checkInStats(date: \"2026-10-05\") { date checkIns makeUps pointsAwarded growthAwarded } }");
        var denied = await _app.App.AdminAsync("{ checkInStats(date: \"2026-10-05\") { checkIns } }",
            auth: new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", "wrong-key-0123456789abcdef0123456789"));

        var s = stats.Data!["checkInStats"]!;
        Assert.Equal(2, s.Long("checkIns"));
        Assert.Equal(0, s.Long("makeUps"));
        Assert.Equal(10, s.Long("pointsAwarded"));
        Assert.Equal(2, s.Long("growthAwarded"));
        Assert.NotEqual(200, denied.Status);
    }
}
