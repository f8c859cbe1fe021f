using Shop.Framework.Time;

namespace Shop.Points.Services;

/// <summary>
/// What the clock does to points: pending lots become spendable when their frozen period ends,
/// due lots expire, birthdays bring a bonus. Each lot or member is its own transaction, so a run
/// that dies halfway leaves nothing half-done, and every step is idempotent on its key.
/// </summary>
public sealed class PointsMaintenance(PointsBook book, PointsLedger ledger, PointsProgramSource programs, MerchantCalendar calendar)
{
    private const int Batch = 500;

    /// <summary>Activates pending lots whose frozen period has ended; returns how many.</summary>
    public async Task<int> ActivateDueAsync()
    {
        var due = (await book.Db.QueryAsync<(string Id, string MemberId)>(
            // The state is written out, not bound: only then can the planners use the partial index on pending lots.
            $"SELECT id, member_id FROM points_lots WHERE state = '{LotStates.Pending}' AND frozen_until <= @now ORDER BY frozen_until LIMIT {Batch}",
            new { now = book.Now() })).ToList();
        var done = 0;
        foreach (var (lotId, memberId) in due)
            if (await book.Db.InTransactionAsync(() => ActivateAsync(lotId, memberId))) done++;
        return done;
    }

    private async Task<bool> ActivateAsync(string lotId, string memberId)
    {
        await book.LockAsync(memberId);
        var lot = await book.LotAsync(lotId);
        if (lot is null || lot.State != LotStates.Pending) return false;
        await book.Db.ExecuteAsync("UPDATE points_lots SET state = @active WHERE id = @lotId AND state = @pending",
            new { lotId, active = LotStates.Active, pending = LotStates.Pending });
        if (lot.Remaining == 0) return true;
        var entry = ledger.NewEntry(memberId, PointsKinds.Activate, 0, "lot", lotId, $"activate:{lotId}", "After-sales window closed", null)
            with { PendingDelta = -lot.Remaining };
        await book.AppendAsync(entry);
        var placeable = PointsBook.Placeable(await book.ApplyAsync(entry), lot.Remaining);
        if (placeable < lot.Remaining) await book.TakeFromLotAsync(lotId, memberId, entry.Id, lot.Remaining - placeable);
        return true;
    }

    /// <summary>Expires every due lot, member by member; returns how many lots lost points.</summary>
    public async Task<int> ExpireDueAsync()
    {
        var members = (await book.Db.QueryAsync<string>(
            $"SELECT DISTINCT member_id FROM points_lots WHERE state = @active AND expires_at <= @now LIMIT {Batch}",
            new { active = LotStates.Active, now = book.Now() })).ToList();
        var done = 0;
        foreach (var memberId in members)
            done += await book.Db.InTransactionAsync(() => ledger.ExpireDueAsync(memberId));
        return done;
    }

    /// <summary>
    /// Grants the birthday bonus to members whose birthday is today in the merchant's zone, once per
    /// year (the key holds the year). Members born on 29 February celebrate on the 28th in other years.
    /// </summary>
    public async Task<int> GrantBirthdayBonusesAsync()
    {
        var (program, versionId) = await programs.CurrentAsync();
        if (program.BirthdayBonus <= 0) return 0;
        var today = calendar.Today();
        var patterns = new List<string> { $"%-{today:MM-dd}" };
        if (today is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(today.Year)) patterns.Add("%-02-29");
        var granted = 0;
        foreach (var pattern in patterns)
        {
            var members = await book.Db.QueryAsync<string>("SELECT id FROM members WHERE birthday LIKE @pattern", new { pattern });
            foreach (var memberId in members)
            {
                var key = $"birthday:{today.Year}";
                if (await book.FindAsync(memberId, key) is not null) continue;
                var result = await ledger.GrantAsync(new PointsGrant(memberId, program.BirthdayBonus, "birthday", today.Year.ToString(), key,
                    "Birthday bonus", versionId));
                if (result.Succeeded) granted++;
            }
        }
        return granted;
    }
}
