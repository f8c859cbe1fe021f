using Shop.CheckIn.Models;
using Shop.CheckIn.Services;
using Shop.Framework.Data;
using Shop.Members.Indexing;

namespace Shop.CheckIn.Indexing;

/// <summary>
/// A streak lapses without any write: the member who last checked in on Monday has streak 0 from
/// Wednesday on. Once per local day this queues those members' documents, so the index does not
/// keep showing a run that is over. Each day is claimed by a row in the transaction that queues
/// its members, so a day is done once across nodes and runs; days the task missed (the host was
/// down) are caught up, a week back at most.
/// </summary>
public sealed class StreakLapses(DbSession db, CheckInPrograms programs, MemberDocumentQueue documents)
{
    private const int CatchUpDays = 7;
    private const int Page = 1000;

    /// <summary>Queues the members whose streak lapsed on days not yet handled; returns how many.</summary>
    public async Task<int> QueueLapsedAsync(CancellationToken ct = default)
    {
        var today = (await programs.CalendarAsync()).Today();
        var queued = 0;
        for (var day = today.AddDays(-(CatchUpDays - 1)); day <= today; day = day.AddDays(1))
        {
            ct.ThrowIfCancellationRequested();
            var lapsedDay = CheckInDates.Text(CheckInStreaks.LapsedWith(day));
            queued += await db.InTransactionAsync(async () =>
            {
                var claimed = await db.ExecuteAsync("INSERT INTO checkin_streak_lapses (day, lapsed_date) VALUES (@day, @lapsedDay) ON CONFLICT (day) DO NOTHING",
                    new { day = CheckInDates.Text(day), lapsedDay });
                return claimed == 0 ? 0 : await QueueMembersAsync(lapsedDay);
            }, ct);
        }
        return queued;
    }

    private async Task<int> QueueMembersAsync(string lastDate)
    {
        var queued = 0;
        string? after = null;
        while (true)
        {
            var ids = (await db.QueryAsync<string>(
                "SELECT member_id FROM checkin_members WHERE last_date = @lastDate" + (after is null ? "" : " AND member_id > @after") +
                " ORDER BY member_id LIMIT @take", new { lastDate, after, take = Page })).ToList();
            if (ids.Count == 0) return queued;
            await documents.EnqueueAsync(ids);
            queued += ids.Count;
            after = ids[^1];
        }
    }
}
