using Microsoft.AspNetCore.Mvc;
using Shop.Framework.GraphQL;
using Shop.Points.Services;

namespace Shop.Points.Admin;

/// <summary>The points panel on the admin member page: the buckets and the ledger, newest first, 50 a page.</summary>
[ViewComponent(Name = "MemberPoints")]
public sealed class MemberPointsViewComponent(PointsLedger ledger, PointsQueries queries) : ViewComponent
{
    public const int PageSize = 50;

    public async Task<IViewComponentResult> InvokeAsync(string memberId)
    {
        // A link edited by hand (not a cursor of ours) shows the newest page rather than failing the member page.
        var after = Request.Query["pointsAfter"].FirstOrDefault();
        var key = Paging.TryDecodeCursor(after);
        if (key is null || !PointsQueries.TryParseCursor(key, out _, out _)) (after, key) = (null, null);
        var (rows, total) = await queries.HistoryAsync(memberId, new PageRequest(PageSize, key));
        var page = Paging.Connection(new PageRequest(PageSize, after), rows, PointsQueries.CursorOf, total);
        return View(new MemberPointsPanel(await ledger.GetBalanceAsync(memberId), page.Edges!.Select(e => e.Node!).ToList(), total,
            page.PageInfo!.HasNextPage ? page.PageInfo.EndCursor : null, after is not null));
    }
}

public sealed record MemberPointsPanel(PointsBalance Balance, IReadOnlyList<PointsEntry> Entries, int Total, string? NextCursor, bool IsLaterPage)
{
    public static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";

    public static string Signed(long value) => value > 0 ? $"+{value}" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
