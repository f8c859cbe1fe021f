using Microsoft.Extensions.Time.Testing;
using Shop.CheckIn.Models;
using Shop.CheckIn.Seeding;
using Shop.CheckIn.Services;
using Shop.Framework.Time;

namespace Shop.CheckIn.Tests;

public class CheckInRulesTests
{
    private static readonly CheckInProgram Demo = CheckInDemoSeeder.DemoProgram();

    private static DateOnly D(string s) => DateOnly.Parse(s);

    [Theory]
    [InlineData("monthly", "2026-11-23", "2026-11-01")]
    [InlineData("monthly", "2026-11-01", "2026-11-01")]
    [InlineData("monthly", "2026-11-30", "2026-11-01")]
    [InlineData("monthly", "2026-12-01", "2026-12-01")]
    [InlineData("monthly", "2028-02-29", "2028-02-01")]
    [InlineData("weekly", "2026-11-23", "2026-11-23")] // a Monday starts its own cycle
    [InlineData("weekly", "2026-11-29", "2026-11-23")] // Sunday belongs to the week that began on Monday
    [InlineData("weekly", "2026-11-30", "2026-11-30")]
    [InlineData("weekly", "2026-12-02", "2026-11-30")] // weeks cross month ends
    [InlineData("rolling", "2026-11-23", "0001-01-01")]
    public void Cycles_start_on_monday_on_the_first_or_never(string cycle, string day, string start) =>
        Assert.Equal(D(start), CycleMath.CycleStart(cycle, D(day)));

    [Theory]
    [InlineData("monthly", "2026-11-23", "2026-11-01")]
    [InlineData("weekly", "2026-11-26", "2026-11-23")]
    [InlineData("rolling", "2026-11-23", "2026-11-01")] // a rolling cycle's make-up allowance renews monthly
    public void Make_up_allowance_follows_the_cycle(string cycle, string day, string start) =>
        Assert.Equal(D(start), CycleMath.AllowanceStart(cycle, D(day)));

    // Demo: base 5/1, streak 3 → +10, 7 → +30/+5, cumulative 7 → +20, 15 → +50, 28 → +100/+10.
    [Theory]
    [InlineData("normal", 1, 1, 5, 1, "BASE")]
    [InlineData("normal", 2, 2, 5, 1, "BASE")]
    [InlineData("normal", 3, 3, 15, 1, "BASE,STREAK")]
    [InlineData("normal", 7, 7, 55, 6, "BASE,STREAK,CUMULATIVE")]
    [InlineData("normal", 8, 7, 25, 1, "BASE,CUMULATIVE")]
    [InlineData("normal", 3, 15, 65, 1, "BASE,STREAK,CUMULATIVE")]
    [InlineData("normal", 10, 28, 105, 11, "BASE,CUMULATIVE")]
    [InlineData("makeup", 3, 5, 5, 1, "BASE")] // a make-up day never earns a streak reward
    [InlineData("makeup", 7, 7, 25, 1, "BASE,CUMULATIVE")] // but may complete a cumulative count
    public void Rewards_add_base_streak_day_and_cumulative_count(string kind, int streak, int cycleCount, long points, long growth, string kinds)
    {
        var lines = CheckInRules.Rewards(Demo, kind, streak, cycleCount);
        Assert.Equal(kinds, string.Join(',', lines.Select(l => l.Kind)));
        Assert.Equal(points, lines.Sum(l => l.Points));
        Assert.Equal(growth, lines.Sum(l => l.Growth));
    }

    [Theory]
    [InlineData(0, 3, 3)]
    [InlineData(0, 10, 10)]
    [InlineData(7, 7, 7)]
    [InlineData(7, 8, 1)]
    [InlineData(7, 10, 3)]
    [InlineData(7, 14, 7)]
    public void A_repeating_streak_schedule_wraps(int repeat, int streak, int scheduleDay)
    {
        var program = CheckInDemoSeeder.DemoProgram();
        program.StreakRepeatDays = repeat;
        Assert.Equal(scheduleDay, CheckInRules.StreakScheduleDay(program, streak));
        Assert.Equal(scheduleDay == 3, CheckInRules.Rewards(program, CheckInKinds.Normal, streak, 1).Any(r => r.Kind == RewardKinds.Streak && r.Points == 10));
    }

    // Demo make-up: 3 days back, monthly cycle. Today is 2026-11-23 unless stated.
    [Theory]
    [InlineData("2026-11-23", "2026-11-22", null)]
    [InlineData("2026-11-23", "2026-11-20", null)]
    [InlineData("2026-11-23", "2026-11-19", "MAKEUP_OUT_OF_RANGE")] // 4 days back
    [InlineData("2026-11-23", "2026-11-23", "MAKEUP_OUT_OF_RANGE")] // today is a normal check-in
    [InlineData("2026-11-23", "2026-11-24", "MAKEUP_OUT_OF_RANGE")]
    [InlineData("2026-12-01", "2026-11-30", "MAKEUP_OUT_OF_RANGE")] // November's cycle is over
    [InlineData("2026-12-02", "2026-12-01", null)]
    public void Make_up_reaches_back_within_the_window_and_the_cycle(string today, string date, string? error) =>
        Assert.Equal(error, CheckInRules.MakeUpWindowError(Demo, D(today), D(date)));

    [Fact]
    public void Make_up_is_refused_when_disabled()
    {
        var program = CheckInDemoSeeder.DemoProgram();
        program.MakeUp.Enabled = false;
        Assert.Equal("MAKEUP_DISABLED", CheckInRules.MakeUpWindowError(program, D("2026-11-23"), D("2026-11-22")));
    }

    [Theory]
    [InlineData("weekly", "2026-11-24", "2026-11-22", "MAKEUP_OUT_OF_RANGE")] // Sunday is last week's cycle
    [InlineData("weekly", "2026-11-24", "2026-11-23", null)]
    [InlineData("rolling", "2026-12-01", "2026-11-29", null)] // no cycle boundary, only the window
    public void Make_up_respects_each_cycle_kind(string cycle, string today, string date, string? error)
    {
        var program = CheckInDemoSeeder.DemoProgram();
        program.Cycle = cycle;
        program.CumulativeRewards = [];
        Assert.Equal(error, CheckInRules.MakeUpWindowError(program, D(today), D(date)));
    }

    [Fact]
    public void Streak_is_the_run_of_consecutive_days_ending_at_each_day()
    {
        var streaks = CheckInRules.Streaks([D("2026-11-28"), D("2026-11-29"), D("2026-11-30"), D("2026-12-01"), D("2026-12-03"), D("2026-12-04")]);
        Assert.Equal([1, 2, 3, 4, 1, 2], streaks.OrderBy(p => p.Key).Select(p => p.Value));
    }

    [Theory]
    [InlineData(null, null, 0)]
    [InlineData(null, 4, 4)] // yesterday's streak lives until today ends
    [InlineData(5, 4, 5)]
    [InlineData(1, null, 1)]
    public void Current_streak_counts_today_or_a_still_open_yesterday(int? today, int? yesterday, int expected) =>
        Assert.Equal(expected, CheckInRules.CurrentStreak(today, yesterday));

    [Theory]
    [InlineData("2026-11-23T15:59:59Z", "2026-11-23")] // 23:59:59 in Asia/Shanghai
    [InlineData("2026-11-23T16:00:00Z", "2026-11-24")] // midnight in Asia/Shanghai
    [InlineData("2026-11-30T16:00:00Z", "2026-12-01")] // month end
    public void Local_day_is_the_programmes_zone(string utc, string day)
    {
        MerchantCalendar.TryFindZone("Asia/Shanghai", out var zone);
        var calendar = new MerchantCalendar(new FakeTimeProvider(DateTimeOffset.Parse(utc)), zone);
        Assert.Equal(D(day), calendar.Today());
    }
}
