using Shop.Framework.GraphQL;

namespace Shop.Points.Services;

/// <summary>Read side for the member centre and the admin: history pages and lots expiring soon.</summary>
public sealed class PointsQueries(PointsBook book)
{
    /// <summary>Newest first; the cursor is "createdAt:id", so pages stay put while entries are added.</summary>
    public async Task<(IReadOnlyList<PointsEntry> Rows, int Total)> HistoryAsync(string memberId, PageRequest page)
    {
        long? afterAt = null;
        string? afterId = null;
        if (page.AfterKey is { } key)
        {
            if (!TryParseCursor(key, out var at, out var id))
                throw new global::GraphQL.ExecutionError($"'{key}' is not a points history cursor.") { Code = ErrorCodes.InvalidCursor };
            (afterAt, afterId) = (at, id);
        }
        var args = new { memberId, afterAt, afterId, take = page.First + 1 };
        var total = await book.Db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM points_entries WHERE member_id = @memberId", args);
        var rows = await book.Db.QueryAsync<PointsEntry>(
            $"SELECT {PointsBook.EntryColumns} FROM points_entries WHERE member_id = @memberId " +
            (afterAt is null ? "" : "AND (created_at < @afterAt OR created_at = @afterAt AND id < @afterId) ") +
            "ORDER BY created_at DESC, id DESC LIMIT @take", args);
        return (rows.ToList(), total);
    }

    public static string CursorOf(PointsEntry entry) => $"{entry.CreatedAt}:{entry.Id}";

    public static bool TryParseCursor(string key, out long createdAt, out string id)
    {
        (createdAt, id) = (0, "");
        var colon = key.IndexOf(':');
        if (colon <= 0 || !long.TryParse(key.AsSpan(0, colon), out createdAt)) return false;
        id = key[(colon + 1)..];
        return true;
    }

    /// <summary>Lots holding points that expire within <paramref name="days"/> days from now, soonest first (pending ones included).</summary>
    public async Task<IReadOnlyList<PointsLot>> ExpiringAsync(string memberId, int days)
    {
        var now = book.Now();
        return (await book.Db.QueryAsync<PointsLot>(
            $"SELECT {PointsBook.LotColumns} FROM points_lots WHERE member_id = @memberId AND state IN (@active, @pending) AND remaining > 0 " +
            "AND expires_at IS NOT NULL AND expires_at > @now AND expires_at <= @until ORDER BY expires_at, id",
            new { memberId, now, until = now + days * 86_400_000L, active = LotStates.Active, pending = LotStates.Pending })).ToList();
    }
}
