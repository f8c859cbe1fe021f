using System.Globalization;
using Shop.Framework.Data;
using Shop.Framework.Search;
using Shop.Members.Models;

namespace Shop.Members.Indexing;

/// <summary>
/// The <see cref="SearchIndexes.Members"/> index: one document per member with the profile and
/// the paid-order statistics; other modules add their fields as contributors. A batch of
/// members is one query (members joined to their order and refund aggregates), so a rebuild of
/// a million members costs a thousand round trips, not a million. A member whose row is gone
/// is left out, which removes the document.
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
        // An order's value is the cash paid for it, goods and shipping; refunds return line cash.
        // Refunds are reached through the orders (indexed by member), not order_refunds.member_id.
        var rows = await db.QueryAsync<MemberRow>(
            "SELECT m.id AS Id, m.display_name AS DisplayName, m.created_at AS RegisteredAt, m.registration_channel AS Channel, " +
            "m.city AS City, m.gender AS Gender, m.birthday AS Birthday, o.orders AS OrderCount, o.paid_fen AS PaidFen, o.max_fen AS MaxOrderFen, " +
            "o.first_at AS FirstOrderAt, o.last_at AS LastOrderAt, r.refunds AS RefundCount, r.refunded_fen AS RefundedFen " +
            "FROM members m " +
            "LEFT JOIN (SELECT member_id, COUNT(*) AS orders, CAST(SUM(goods_fen + shipping_fee_fen) AS BIGINT) AS paid_fen, " +
            "MAX(goods_fen + shipping_fee_fen) AS max_fen, MIN(paid_at) AS first_at, MAX(paid_at) AS last_at " +
            $"FROM orders WHERE {db.In("member_id", "ids")} AND status = @paid GROUP BY member_id) o ON o.member_id = m.id " +
            "LEFT JOIN (SELECT o2.member_id, COUNT(*) AS refunds, CAST(SUM(f.amount_fen) AS BIGINT) AS refunded_fen " +
            $"FROM order_refunds f JOIN orders o2 ON o2.order_id = f.order_id WHERE {db.In("o2.member_id", "ids")} GROUP BY o2.member_id) r ON r.member_id = m.id " +
            $"WHERE {db.In("m.id", "ids")}",
            new { ids = ids.ToArray(), paid = OrderStatuses.Paid });
        return rows.Select(ToDocument).ToList();
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
    private static SearchDocument ToDocument(MemberRow row)
    {
        var orders = row.OrderCount ?? 0;
        var fields = new Dictionary<string, object?>
        {
            [MemberIndexFields.DisplayName] = row.DisplayName,
            [MemberIndexFields.RegisteredAt] = row.RegisteredAt,
            [MemberIndexFields.Channel] = row.Channel,
            [MemberIndexFields.City] = row.City,
            [MemberIndexFields.Gender] = row.Gender,
            [MemberIndexFields.BirthdayMonth] = BirthdayMonth(row.Birthday),
            [MemberIndexFields.TotalPaidFen] = (row.PaidFen ?? 0) - (row.RefundedFen ?? 0),
            [MemberIndexFields.OrderCount] = orders,
            [MemberIndexFields.RefundCount] = row.RefundCount ?? 0,
        };
        if (orders > 0)
        {
            fields[MemberIndexFields.AverageOrderFen] = AverageFen(row.PaidFen ?? 0, orders);
            fields[MemberIndexFields.LargestOrderFen] = row.MaxOrderFen;
            fields[MemberIndexFields.FirstOrderAt] = row.FirstOrderAt;
            fields[MemberIndexFields.LastOrderAt] = row.LastOrderAt;
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
        public long? OrderCount { get; init; }
        public long? PaidFen { get; init; }
        public long? MaxOrderFen { get; init; }
        public long? FirstOrderAt { get; init; }
        public long? LastOrderAt { get; init; }
        public long? RefundCount { get; init; }
        public long? RefundedFen { get; init; }
    }
}
