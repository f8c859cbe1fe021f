using Shop.CheckIn.Models;
using Shop.CheckIn.Services;
using Shop.Framework.Search;

namespace Shop.CheckIn.Indexing;

/// <summary>
/// Puts the last check-in and the current streak on the member document, from the member's
/// summary row joined to the record of its last day (one query per batch).
/// <c>last_checkin_at</c> is the start of the latest checked-in local day (a make-up counts for
/// the day it fills, not the moment it was made), so "checked in within 7 days" means days, as
/// the member sees them. Days are counted in the calendar the records use: the programme's zone,
/// else the merchant's. A member who never checked in has no <c>last_checkin_at</c> and streak 0.
/// </summary>
public sealed class CheckInDocumentContributor(CheckInStore store, CheckInPrograms programs) : ISearchDocumentContributor
{
    public string Index => SearchIndexes.Members;

    public IReadOnlyList<SearchField> Fields { get; } =
    [
        new SearchField(MemberIndexFields.LastCheckInAt, SearchFieldType.Date),
        new SearchField(MemberIndexFields.Streak, SearchFieldType.Long),
    ];

    public async Task ContributeAsync(IReadOnlyDictionary<string, Dictionary<string, object?>> documents, CancellationToken ct = default)
    {
        if (documents.Count == 0) return;
        var calendar = await programs.CalendarAsync();
        var today = calendar.Today();
        var latest = (await store.LatestAsync(documents.Keys.ToList())).ToDictionary(l => l.MemberId);
        foreach (var (memberId, fields) in documents)
        {
            if (latest.TryGetValue(memberId, out var last) && CheckInDates.TryParse(last.Date, out var day))
            {
                fields[MemberIndexFields.LastCheckInAt] = calendar.StartOf(day);
                fields[MemberIndexFields.Streak] = CheckInStreaks.Current(day, last.Streak, today);
            }
            else
            {
                fields[MemberIndexFields.Streak] = 0L;
            }
        }
    }
}
