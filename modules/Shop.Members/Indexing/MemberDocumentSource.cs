using System.Globalization;
using Shop.Framework.Data;
using Shop.Framework.Search;
using Shop.Members.Models;

namespace Shop.Members.Indexing;

/// <summary>
/// The <see cref="SearchIndexes.Members"/> index: one document per member with the profile and
/// the paid-order statistics; other modules add their fields as contributors. A batch of
/// members is three set queries (the members, their paid-order totals, their refund totals),
/// so a rebuild of a million members costs three thousand round trips, not millions. A member
/// whose row is gone is left out, which removes the document.
/// </summary>
public sealed class MemberDocumentSource(DbSession db) : ISearchDocumentSource
{
    public SearchIndexDefinition Definition { get; } = new(SearchIndexes.Members,
    [
        new SearchField(MemberIndexFields.DisplayName, SearchFieldType.Text),
        new SearchField(MemberIndexFields.RegisteredAt, SearchFieldType.Date),
        new SearchField(MemberIndexFields.Channel, SearchFieldType.Keyword),
        new SearchField(MemberIndexFields.City, SearchFieldType.Keyword),
        new SearchField(MemberIndexFields.Gender, SearchFieldType.Keyword),
        new SearchField(MemberIndexFields.BirthdayMonth, SearchFieldType.Long),
        new SearchField(MemberIndexFields.TotalPaidFen, SearchFieldType.Long),
        new SearchField(MemberIndexFields.OrderCount, SearchFieldType.Long),
        new SearchField(MemberIndexFields.AverageOrderFen, SearchFieldType.Long),
        new SearchField(MemberIndexFields.LargestOrderFen, SearchFieldType.Long),
        new SearchField(MemberIndexFields.FirstOrderAt, SearchFieldType.Date),
        new SearchField(MemberIndexFields.LastOrderAt, SearchFieldType.Date),
        new SearchField(MemberIndexFields.RefundCount, SearchFieldType.Long),
    ]);

    public async Task<IReadOnlyList<SearchDocument>> LoadAsync(IReadOnlyList<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        var args = new { ids = ids.ToArray(), paid = OrderStatuses.Paid };
        // Three plain queries joined here rather than one with two aggregate subqueries: SQLite
        // materialises those and builds a temporary index on each to join them back (a third of a
        // rebuild's database time). An order's value is the cash paid for it, goods and shipping;
        // refunds return line cash and are reached through the orders (indexed by member).
        var members = await db.QueryAsync<MemberRow>(
            "SELECT id AS Id, display_name AS DisplayName, created_at AS RegisteredAt, registration_channel AS Channel, " +
            $"city AS City, gender AS Gender, birthday AS Birthday FROM members WHERE {db.In("id", "ids")}", args);
        var orders = (await db.QueryAsync<OrderTotals>(
            "SELECT member_id AS MemberId, COUNT(*) AS Orders, CAST(SUM(goods_fen + shipping_fee_fen) AS BIGINT) AS PaidFen, " +
            "MAX(goods_fen + shipping_fee_fen) AS MaxOrderFen, MIN(paid_at) AS FirstOrderAt, MAX(paid_at) AS LastOrderAt " +
            $"FROM orders WHERE {db.In("member_id", "ids")} AND status = @paid GROUP BY member_id", args)).ToDictionary(o => o.MemberId);
        var refunds = (await db.QueryAsync<RefundTotals>(
            "SELECT o.member_id AS MemberId, COUNT(*) AS Refunds, CAST(SUM(f.amount_fen) AS BIGINT) AS RefundedFen " +
            $"FROM order_refunds f JOIN orders o ON o.order_id = f.order_id WHERE {db.In("o.member_id", "ids")} GROUP BY o.member_id", args))
            .ToDictionary(r => r.MemberId);
        return members.Select(m => ToDocument(m, orders.GetValueOrDefault(m.Id), refunds.GetValueOrDefault(m.Id))).ToList();
    }

    public async Task<IReadOnlyList<string>> IdsAfterAsync(string? afterId, int take, CancellationToken ct = default) =>
        (await db.QueryAsync<string>(afterId is null
            ? "SELECT id FROM members ORDER BY id LIMIT @take"
            : "SELECT id FROM members WHERE id > @afterId ORDER BY id LIMIT @take", new { afterId, take })).ToList();

    public Task<long> CountAsync(CancellationToken ct = default) => db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM members");

    /// <summary>
    /// Counts and sums are 0 for a member without paid orders (so "order_count = 0" finds them);
    /// the average, largest order and order times are absent then, as they have no value.
    /// </summary>
    private static SearchDocument ToDocument(MemberRow row, OrderTotals? paid, RefundTotals? refunds)
    {
        var orders = paid?.Orders ?? 0; // a member with totals has at least one paid order
        var fields = new Dictionary<string, object?>
        {
            [MemberIndexFields.DisplayName] = row.DisplayName,
            [MemberIndexFields.RegisteredAt] = row.RegisteredAt,
            [MemberIndexFields.Channel] = row.Channel,
            [MemberIndexFields.City] = row.City,
            [MemberIndexFields.Gender] = row.Gender,
            [MemberIndexFields.BirthdayMonth] = BirthdayMonth(row.Birthday),
            [MemberIndexFields.TotalPaidFen] = (paid?.PaidFen ?? 0) - (refunds?.RefundedFen ?? 0),
            [MemberIndexFields.OrderCount] = orders,
            [MemberIndexFields.RefundCount] = refunds?.Refunds ?? 0,
        };
        if (paid is not null)
        {
            fields[MemberIndexFields.AverageOrderFen] = AverageFen(paid.PaidFen, orders);
            fields[MemberIndexFields.LargestOrderFen] = paid.MaxOrderFen;
            fields[MemberIndexFields.FirstOrderAt] = paid.FirstOrderAt;
            fields[MemberIndexFields.LastOrderAt] = paid.LastOrderAt;
        }
        return new SearchDocument(row.Id, fields);
    }

    /// <summary>The month of a stored yyyy-MM-dd birthday (1–12), or null when there is none.</summary>
    public static long? BirthdayMonth(string? birthday) =>
        DateOnly.TryParseExact(birthday, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day.Month : null;

    /// <summary>Gross paid cash per paid order in whole fen, half up: money stays an integer.</summary>
    public static long AverageFen(long paidFen, long orders) => orders <= 0 ? 0 : (paidFen + orders / 2) / orders;

    // Settable properties: Dapper then converts SQLite's INTEGER and PostgreSQL's BIGINT alike.
    private sealed class MemberRow
    {
        public string Id { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public long RegisteredAt { get; init; }
        public string Channel { get; init; } = "";
        public string? City { get; init; }
        public string? Gender { get; init; }
        public string? Birthday { get; init; }
    }

    private sealed class OrderTotals
    {
        public string MemberId { get; init; } = "";
        public long Orders { get; init; }
        public long PaidFen { get; init; }
        public long MaxOrderFen { get; init; }
        public long? FirstOrderAt { get; init; }
        public long? LastOrderAt { get; init; }
    }

    private sealed class RefundTotals
    {
        public string MemberId { get; init; } = "";
        public long Refunds { get; init; }
        public long RefundedFen { get; init; }
    }
}
