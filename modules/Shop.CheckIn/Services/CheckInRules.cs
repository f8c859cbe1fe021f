using Shop.CheckIn.Models;

namespace Shop.CheckIn.Services;

/// <summary>One part of what a check-in earned: BASE, STREAK (day N of a streak) or CUMULATIVE (Nth of the cycle).</summary>
public sealed record RewardLine(string Kind, int Day, long Points, long Growth);

public static class RewardKinds
{
    public const string Base = "BASE";
    public const string Streak = "STREAK";
    public const string Cumulative = "CUMULATIVE";
}

/// <summary>The pure rules of a check-in: what it earns and which days may be made up.</summary>
public static class CheckInRules
{
    /// <summary>
    /// What a check-in earns. <paramref name="streak"/> is the streak the day completes;
    /// <paramref name="cycleCount"/> is how many check-ins the cycle holds with this one.
    /// Make-up days earn the base and a cumulative reward they complete, never a streak reward:
    /// a streak reward is for showing up on consecutive days.
    /// </summary>
    public static IReadOnlyList<RewardLine> Rewards(CheckInProgram program, string kind, int streak, int cycleCount)
    {
        var lines = new List<RewardLine>();
        if (program.BasePoints > 0 || program.BaseGrowth > 0) lines.Add(new RewardLine(RewardKinds.Base, 0, program.BasePoints, program.BaseGrowth));
        if (kind == CheckInKinds.Normal)
        {
            var day = StreakScheduleDay(program, streak);
            if (program.StreakRewards.FirstOrDefault(r => r.Day == day) is { } s)
                lines.Add(new RewardLine(RewardKinds.Streak, streak, s.Points, s.Growth));
        }
        if (program.CumulativeRewards.FirstOrDefault(r => r.Count == cycleCount) is { } c)
            lines.Add(new RewardLine(RewardKinds.Cumulative, cycleCount, c.Points, c.Growth));
        return lines;
    }

    /// <summary>The day of the streak schedule a streak falls on: itself, or wrapped when the schedule repeats.</summary>
    public static int StreakScheduleDay(CheckInProgram program, int streak) =>
        program.StreakRepeatDays > 0 && streak > 0 ? (streak - 1) % program.StreakRepeatDays + 1 : streak;

    /// <summary>
    /// Whether <paramref name="date"/> may be made up on <paramref name="today"/>: a past day,
    /// at most MaxDaysBack days ago, and inside the current cycle (a make-up may not reach into a
    /// cycle that is over). Returns the refusal code, or null.
    /// </summary>
    public static string? MakeUpWindowError(CheckInProgram program, DateOnly today, DateOnly date)
    {
        if (!program.MakeUp.Enabled) return CheckInErrorCodes.MakeUpDisabled;
        if (date >= today) return CheckInErrorCodes.MakeUpOutOfRange;
        if (today.DayNumber - date.DayNumber > program.MakeUp.MaxDaysBack) return CheckInErrorCodes.MakeUpOutOfRange;
        if (date < CycleMath.CycleStart(program.Cycle, today)) return CheckInErrorCodes.MakeUpOutOfRange;
        return null;
    }

    /// <summary>
    /// The streak shown to the member: the run ending today when checked in today, otherwise the
    /// run ending yesterday (still alive until today ends), otherwise 0.
    /// </summary>
    public static int CurrentStreak(int? streakToday, int? streakYesterday) => streakToday ?? streakYesterday ?? 0;

    /// <summary>Run length ending at each day of <paramref name="days"/>: what a record's streak column holds.</summary>
    public static IReadOnlyDictionary<DateOnly, int> Streaks(IEnumerable<DateOnly> days)
    {
        var result = new Dictionary<DateOnly, int>();
        foreach (var day in days.Distinct().Order())
            result[day] = result.TryGetValue(day.AddDays(-1), out var before) ? before + 1 : 1;
        return result;
    }
}

public static class CheckInKinds
{
    public const string Normal = "normal";
    public const string MakeUp = "makeup";
}

public static class CheckInErrorCodes
{
    public const string NotAvailable = "NOT_AVAILABLE";
    public const string AlreadyCheckedIn = "ALREADY_CHECKED_IN";
    public const string MakeUpDisabled = "MAKEUP_DISABLED";
    public const string MakeUpOutOfRange = "MAKEUP_OUT_OF_RANGE";
    public const string MakeUpLimitReached = "MAKEUP_LIMIT_REACHED";
    public const string InsufficientPoints = "INSUFFICIENT_POINTS";
}
