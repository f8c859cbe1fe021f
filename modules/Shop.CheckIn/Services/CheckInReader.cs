using Shop.CheckIn.Models;

namespace Shop.CheckIn.Services;

/// <summary>A member's check-in standing today, in the programme's local days.</summary>
public sealed record CheckInStatus(string MemberId, bool CheckedInToday, int Streak, long TotalDays, long CycleCount, long MakeUps);

/// <summary>One local day of the calendar.</summary>
public sealed record CheckInDay(string Date, CheckInRecord? Record, bool CanMakeUp);

/// <summary>What checking in today earns (or earned): the rewards and the streak it makes.</summary>
public sealed record TodayReward(string Date, bool CheckedIn, int Streak, IReadOnlyList<RewardLine> Rewards)
{
    public long Points => Rewards.Sum(r => r.Points);
    public long Growth => Rewards.Sum(r => r.Growth);
}

/// <summary>The read side: status, calendar and today's reward. Without a published programme, days are the merchant's and there is no cycle.</summary>
public sealed class CheckInReader(CheckInStore store, CheckInPrograms programs)
{
    public async Task<IReadOnlyDictionary<string, CheckInStatus>> StatusAsync(IReadOnlyCollection<string> memberIds)
    {
        var active = await programs.CurrentAsync();
        var today = (active?.Calendar ?? programs.MerchantCalendar).Today();
        var recent = (await store.SinceAsync(memberIds, today.AddDays(-1))).ToLookup(r => r.MemberId);
        var summaries = (await store.SummariesAsync(memberIds)).ToDictionary(s => s.MemberId);
        var cycleCounts = active is null
            ? new Dictionary<string, long>()
            : await store.CountsAsync(memberIds, CycleMath.CycleStart(active.Program.Cycle, today));
        return memberIds.Distinct().ToDictionary(id => id, id =>
        {
            var mine = recent[id].ToList();
            var streakToday = mine.FirstOrDefault(r => r.Day == today)?.Streak;
            var streakYesterday = mine.FirstOrDefault(r => r.Day == today.AddDays(-1))?.Streak;
            var summary = summaries.GetValueOrDefault(id);
            return new CheckInStatus(id, streakToday is not null, CheckInRules.CurrentStreak((int?)streakToday, (int?)streakYesterday),
                summary?.TotalDays ?? 0, cycleCounts.GetValueOrDefault(id), summary?.MakeUps ?? 0);
        });
    }

    /// <summary>Every day of <paramref name="month"/> ("yyyy-MM"); null when the month is malformed.</summary>
    public async Task<IReadOnlyList<CheckInDay>?> CalendarAsync(string memberId, string month)
    {
        if (!CheckInDates.TryParse(month + "-01", out var first) || month.Length != 7) return null;
        // Counted from the 1st, never past the month's last day: the day after 9999-12-31 does not exist.
        var length = DateTime.DaysInMonth(first.Year, first.Month);
        var last = first.AddDays(length - 1);
        var active = await programs.CurrentAsync();
        var today = (active?.Calendar ?? programs.MerchantCalendar).Today();
        var records = (await store.RangeAsync(memberId, first, last)).ToDictionary(r => r.Day);
        var allowanceLeft = active is { Program.MakeUp.Enabled: true }
            && await store.MakeUpsUsedAsync(memberId, active, today) < active.Program.MakeUp.MaxPerCycle;
        var days = new List<CheckInDay>(31);
        foreach (var day in Enumerable.Range(0, length).Select(first.AddDays))
        {
            var record = records.GetValueOrDefault(day);
            var canMakeUp = record is null && allowanceLeft && CheckInRules.MakeUpWindowError(active!.Program, today, day) is null;
            days.Add(new CheckInDay(CheckInDates.Text(day), record, canMakeUp));
        }
        return days;
    }

    /// <summary>Today's reward: what the member earned today, what checking in now would earn, or the base when anonymous.</summary>
    public async Task<TodayReward?> TodayAsync(string? memberId)
    {
        if (await programs.CurrentAsync() is not { } active) return null;
        var today = active.Calendar.Today();
        if (memberId is null)
            return new TodayReward(CheckInDates.Text(today), false, 0,
                CheckInRules.Rewards(active.Program, CheckInKinds.Normal, 0, 0).Where(r => r.Kind == RewardKinds.Base).ToList());
        var recent = await store.RangeAsync(memberId, today.AddDays(-1), today);
        if (recent.FirstOrDefault(r => r.Day == today) is { } done)
            return new TodayReward(done.Date, true, (int)done.Streak, done.RewardLines);
        var streak = (int)(recent.FirstOrDefault(r => r.Day == today.AddDays(-1))?.Streak ?? 0) + 1;
        var cycleCount = (int)await store.CountAsync(memberId, CycleMath.CycleStart(active.Program.Cycle, today)) + 1;
        return new TodayReward(CheckInDates.Text(today), false, streak, CheckInRules.Rewards(active.Program, CheckInKinds.Normal, streak, cycleCount));
    }
}
