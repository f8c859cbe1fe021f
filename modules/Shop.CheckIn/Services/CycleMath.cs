using Shop.CheckIn.Models;

namespace Shop.CheckIn.Services;

/// <summary>
/// Where a cycle begins, in local days. Weekly cycles start on Monday and monthly ones on the
/// 1st; a rolling cycle never resets, so cumulative counts run over the member's whole history.
/// </summary>
public static class CycleMath
{
    public static readonly DateOnly RollingStart = DateOnly.MinValue;

    public static DateOnly CycleStart(string cycle, DateOnly day) => cycle switch
    {
        CheckInCycles.Weekly => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        CheckInCycles.Monthly => new DateOnly(day.Year, day.Month, 1),
        _ => RollingStart,
    };

    /// <summary>
    /// The period a make-up allowance covers: the cycle, except that a rolling cycle has no end,
    /// so its allowance renews on the 1st of each month.
    /// </summary>
    public static DateOnly AllowanceStart(string cycle, DateOnly day) =>
        cycle == CheckInCycles.Rolling ? new DateOnly(day.Year, day.Month, 1) : CycleStart(cycle, day);

    /// <summary>The most check-ins a cycle can hold.</summary>
    public static int MaxDays(string cycle) => cycle switch
    {
        CheckInCycles.Weekly => 7,
        CheckInCycles.Monthly => 31,
        _ => int.MaxValue,
    };
}
