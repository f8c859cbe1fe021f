namespace Shop.CheckIn.Indexing;

/// <summary>The streak the member document shows, from the latest record alone.</summary>
public static class CheckInStreaks
{
    /// <summary>
    /// The latest record's streak while it can still grow: the record is today's or yesterday's.
    /// Once a whole local day has passed without a check-in the run is broken, so it is 0.
    /// </summary>
    public static long Current(DateOnly lastDay, long lastStreak, DateOnly today) =>
        lastDay >= today.AddDays(-1) ? lastStreak : 0;

    /// <summary>Members whose last check-in was on this day saw their streak drop to 0 when <paramref name="today"/> began.</summary>
    public static DateOnly LapsedWith(DateOnly today) => today.AddDays(-2);
}
