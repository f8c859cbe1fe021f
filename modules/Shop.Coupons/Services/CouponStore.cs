using Shop.Coupons.Models;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.Services;

/// <summary>
/// The coupons tables. Every state change is a guarded update on the coupon's status, and every
/// counter (template stock, per-member counts) moves by a guarded update or upsert, so concurrent
/// callers are decided by the database, never by an earlier read.
/// </summary>
public sealed class CouponStore(DbSession db)
{
    public const string Columns =
        "id AS Id, code AS Code, template_id AS TemplateId, template_version AS TemplateVersion, member_id AS MemberId, title AS Title, " +
        "rules AS Rules, channel AS Channel, source_id AS SourceId, status AS Status, valid_from AS ValidFrom, valid_until AS ValidUntil, " +
        "order_id AS OrderId, issued_at AS IssuedAt, status_at AS StatusAt, void_reason AS VoidReason, actor AS Actor, idempotency_key AS IdempotencyKey";

    /// <summary>The SQL for "effectively available at @now" (not yet marked expired by the task).</summary>
    private const string Usable = "status = 'available' AND valid_until > @now";

    public DbSession Db => db;

    public Task<Coupon?> ByKeyAsync(string memberId, string key) =>
        db.QuerySingleOrDefaultAsync<Coupon>($"SELECT {Columns} FROM coupons WHERE member_id = @memberId AND idempotency_key = @key", new { memberId, key });

    /// <summary>Those of <paramref name="memberIds"/> holding a coupon of the template issued under <paramref name="key"/>.</summary>
    public async Task<HashSet<string>> MembersWithKeyAsync(string templateId, string key, IReadOnlyList<string> memberIds) =>
        (await db.QueryAsync<string>(
            $"SELECT member_id FROM coupons WHERE template_id = @templateId AND idempotency_key = @key AND {db.In("member_id", "memberIds")}",
            new { templateId, key, memberIds = memberIds.ToArray() })).ToHashSet();

    /// <summary>The member's coupons issued through <paramref name="channel"/> for <paramref name="sourceId"/> (an order's spend gifts).</summary>
    public async Task<IReadOnlyList<Coupon>> ForSourceAsync(string memberId, string channel, string sourceId) =>
        (await db.QueryAsync<Coupon>($"SELECT {Columns} FROM coupons WHERE member_id = @memberId AND channel = @channel AND source_id = @sourceId",
            new { memberId, channel, sourceId })).ToList();

    public Task<Coupon?> GetAsync(string id) =>
        db.QuerySingleOrDefaultAsync<Coupon>($"SELECT {Columns} FROM coupons WHERE id = @id", new { id });

    /// <summary>False when the key (or, vanishingly rarely, the code) is taken; nothing is written then.</summary>
    public async Task<bool> TryInsertAsync(Coupon c) =>
        await db.ExecuteAsync(
            "INSERT INTO coupons (id, code, template_id, template_version, member_id, title, rules, channel, source_id, status, valid_from, valid_until, " +
            "order_id, issued_at, status_at, void_reason, actor, idempotency_key) VALUES (@Id, @Code, @TemplateId, @TemplateVersion, @MemberId, @Title, " +
            "@Rules, @Channel, @SourceId, @Status, @ValidFrom, @ValidUntil, @OrderId, @IssuedAt, @StatusAt, @VoidReason, @Actor, @IdempotencyKey) " +
            "ON CONFLICT DO NOTHING", c) == 1;

    /// <summary>Counts one more coupon of the template for the member unless that reaches past <paramref name="limit"/> (0 = no limit).</summary>
    public async Task<bool> TakeMemberCountAsync(string templateId, string memberId, int limit) =>
        await db.ExecuteAsync(
            "INSERT INTO coupon_member_counts (template_id, member_id, issued) VALUES (@templateId, @memberId, 1) " +
            "ON CONFLICT (template_id, member_id) DO UPDATE SET issued = coupon_member_counts.issued + 1 " +
            "WHERE @limit = 0 OR coupon_member_counts.issued < @limit",
            new { templateId, memberId, limit }) == 1;

    public Task ReturnMemberCountAsync(string templateId, string memberId) =>
        db.ExecuteAsync("UPDATE coupon_member_counts SET issued = issued - 1 WHERE template_id = @templateId AND member_id = @memberId AND issued > 0",
            new { templateId, memberId });

    /// <summary>Takes one coupon of the template's total; false when none is left (or the template has no stock row yet).</summary>
    public async Task<bool> TakeStockAsync(string templateId, long now) =>
        await db.ExecuteAsync(
            "UPDATE coupon_stock SET issued = issued + 1, updated_at = @now WHERE template_id = @templateId AND (total_quantity = 0 OR issued < total_quantity)",
            new { templateId, now }) == 1;

    public Task ReturnStockAsync(string templateId, long now) =>
        db.ExecuteAsync("UPDATE coupon_stock SET issued = issued - 1, updated_at = @now WHERE template_id = @templateId AND issued > 0", new { templateId, now });

    /// <summary>
    /// Creates the template's stock row, or sets its total when the template is republished —
    /// unless the new total (0 = unlimited) is below what was already issued.
    /// </summary>
    public async Task<bool> TrySetTotalAsync(string templateId, long totalQuantity, long now) =>
        await db.ExecuteAsync(
            "INSERT INTO coupon_stock (template_id, total_quantity, issued, updated_at) VALUES (@templateId, @totalQuantity, 0, @now) " +
            "ON CONFLICT (template_id) DO UPDATE SET total_quantity = @totalQuantity, updated_at = @now " +
            "WHERE @totalQuantity = 0 OR coupon_stock.issued <= @totalQuantity",
            new { templateId, totalQuantity, now }) == 1;

    public Task<TemplateStock?> StockAsync(string templateId) =>
        db.QuerySingleOrDefaultAsync<TemplateStock>(
            "SELECT template_id AS TemplateId, total_quantity AS TotalQuantity, issued AS Issued FROM coupon_stock WHERE template_id = @templateId", new { templateId });

    public async Task<IReadOnlyDictionary<string, TemplateStock>> StocksAsync(IReadOnlyCollection<string> templateIds) =>
        templateIds.Count == 0 ? new Dictionary<string, TemplateStock>() :
        (await db.QueryAsync<TemplateStock>(
            $"SELECT template_id AS TemplateId, total_quantity AS TotalQuantity, issued AS Issued FROM coupon_stock WHERE {db.In("template_id", "ids")}",
            new { ids = templateIds.ToArray() })).ToDictionary(s => s.TemplateId);

    /// <summary>How many coupons of each template the member has received.</summary>
    public async Task<IReadOnlyDictionary<string, long>> MemberCountsAsync(string memberId, IReadOnlyCollection<string> templateIds) =>
        templateIds.Count == 0 ? new Dictionary<string, long>() :
        (await db.QueryAsync<MemberCount>(
            $"SELECT template_id AS TemplateId, issued AS Issued FROM coupon_member_counts WHERE member_id = @memberId AND {db.In("template_id", "ids")}",
            new { memberId, ids = templateIds.ToArray() })).ToDictionary(c => c.TemplateId, c => c.Issued);

    /// <summary>
    /// The member's coupons usable at <paramref name="now"/> (valid now or later), soonest to expire
    /// first: at most 200, or those of <paramref name="ids"/> (usable ones only) when given.
    /// </summary>
    public async Task<IReadOnlyList<Coupon>> UsableAsync(string memberId, long now, IReadOnlyCollection<string>? ids = null) =>
        (await db.QueryAsync<Coupon>(
            $"SELECT {Columns} FROM coupons WHERE member_id = @memberId AND {Usable} {(ids is null ? "" : "AND " + db.In("id", "ids"))} ORDER BY valid_until, id LIMIT 200",
            new { memberId, now, ids = ids?.ToArray() })).ToList();

    public async Task<IReadOnlyList<Coupon>> FindAsync(string memberId, IReadOnlyCollection<string> ids) =>
        ids.Count == 0 ? [] :
        (await db.QueryAsync<Coupon>($"SELECT {Columns} FROM coupons WHERE member_id = @memberId AND {db.In("id", "ids")}",
            new { memberId, ids = ids.ToArray() })).ToList();

    /// <summary>The member's coupons by effective status (an available coupon past its validity counts as expired), newest first.</summary>
    public async Task<(IReadOnlyList<Coupon> Rows, int Total)> ListForMemberAsync(string memberId, IReadOnlyCollection<string>? statuses, PageRequest page, long now)
    {
        var effective = $"CASE WHEN {Usable.Replace("valid_until > @now", "valid_until <= @now")} THEN 'expired' ELSE status END";
        var where = "member_id = @memberId" + (statuses is { Count: > 0 } ? $" AND {db.In(effective, "statuses")}" : "");
        var args = new { memberId, now, statuses = statuses?.ToArray(), after = page.AfterKey, take = page.First + 1 };
        var total = await db.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM coupons WHERE {where}", args);
        var rows = await db.QueryAsync<Coupon>(
            $"SELECT {Columns} FROM coupons WHERE {where} {(page.AfterKey is null ? "" : "AND id < @after")} ORDER BY id DESC LIMIT @take", args);
        return (rows.ToList(), total);
    }

    /// <summary>A template's coupons, newest first, optionally of one stored status.</summary>
    public async Task<(IReadOnlyList<Coupon> Rows, int Total)> ListForTemplateAsync(string templateId, string? status, PageRequest page)
    {
        var where = "template_id = @templateId" + (status is null ? "" : " AND status = @status");
        var args = new { templateId, status, after = page.AfterKey, take = page.First + 1 };
        var total = await db.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM coupons WHERE {where}", args);
        var rows = await db.QueryAsync<Coupon>(
            $"SELECT {Columns} FROM coupons WHERE {where} {(page.AfterKey is null ? "" : "AND id < @after")} ORDER BY id DESC LIMIT @take", args);
        return (rows.ToList(), total);
    }

    /// <summary>Coupons of a template per stored status.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountsByStatusAsync(string templateId) =>
        (await db.QueryAsync<StatusCount>("SELECT status AS Status, COUNT(*) AS Count FROM coupons WHERE template_id = @templateId GROUP BY status",
            new { templateId })).ToDictionary(c => c.Status, c => c.Count);

    /// <summary>
    /// available → reserved for the order, only while valid at <paramref name="now"/>. A coupon the
    /// expiry task marked expired (never held by an order then: order_id is null) counts as available
    /// when <paramref name="now"/> is an instant before its end (an order paid then, reported late), so
    /// the answer does not depend on whether the task has run; judged at the present it never matches.
    /// </summary>
    public async Task<bool> ReserveAsync(string id, string memberId, string orderId, long now) =>
        await db.ExecuteAsync(
            "UPDATE coupons SET status = 'reserved', order_id = @orderId, status_at = @now WHERE id = @id AND member_id = @memberId " +
            "AND (status = 'available' OR (status = 'expired' AND order_id IS NULL)) AND valid_until > @now AND valid_from <= @now",
            new { id, memberId, orderId, now }) == 1;

    /// <summary>reserved → used for every coupon the order holds; returns the holders of the coupons it moved.</summary>
    public async Task<IReadOnlyList<string>> CaptureAsync(string orderId, long now) =>
        (await db.QueryAsync<string>("UPDATE coupons SET status = 'used', status_at = @now WHERE order_id = @orderId AND status = 'reserved' RETURNING member_id",
            new { orderId, now })).ToList();

    /// <summary>
    /// reserved → available while still valid, else → expired (the order keeps its record in
    /// order_id only while held); returns the holders of the coupons it moved.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReleaseAsync(string orderId, long now)
    {
        var back = await db.QueryAsync<string>(
            "UPDATE coupons SET status = 'available', order_id = NULL, status_at = @now WHERE order_id = @orderId AND status = 'reserved' AND valid_until > @now " +
            "RETURNING member_id", new { orderId, now });
        var expired = await db.QueryAsync<string>(
            "UPDATE coupons SET status = 'expired', status_at = @now WHERE order_id = @orderId AND status = 'reserved' AND valid_until <= @now RETURNING member_id",
            new { orderId, now });
        return back.Concat(expired).ToList();
    }

    /// <summary>Marks up to <paramref name="batch"/> available coupons past their validity as expired; returns how many.</summary>
    public Task<int> ExpireDueAsync(long now, int batch) =>
        db.ExecuteAsync(
            "UPDATE coupons SET status = 'expired', status_at = @now WHERE id IN " +
            "(SELECT id FROM coupons WHERE status = 'available' AND valid_until <= @now ORDER BY valid_until LIMIT @batch) AND status = 'available'",
            new { now, batch });

    /// <summary>available (or expired) → voided; a reserved or used coupon belongs to an order and is left alone.</summary>
    public async Task<bool> VoidAsync(string id, string reason, string actor, long now) =>
        await db.ExecuteAsync(
            "UPDATE coupons SET status = 'voided', void_reason = @reason, actor = @actor, status_at = @now WHERE id = @id AND status IN ('available', 'expired')",
            new { id, reason, actor, now }) == 1;
}

public sealed class TemplateStock
{
    public string TemplateId { get; set; } = "";
    public long TotalQuantity { get; set; }
    public long Issued { get; set; }

    /// <summary>Null when the template has no total.</summary>
    public long? Remaining => TotalQuantity == 0 ? null : Math.Max(0, TotalQuantity - Issued);
}

internal sealed class MemberCount
{
    public string TemplateId { get; set; } = "";
    public long Issued { get; set; }
}

internal sealed class StatusCount
{
    public string Status { get; set; } = "";
    public long Count { get; set; }
}
