using Shop.Coupons.Models;
using Shop.Framework.Data;
using Shop.Framework.Search;
using Shop.Members.Models;

namespace Shop.Coupons.Indexing;

/// <summary>
/// Puts coupon use on the member document: how many distinct orders used a coupon (coupons
/// marked used when their order was paid) and their share of the member's paid orders. The
/// order count is the one the members source already put on the document; only documents
/// without it are counted from the orders table. One query per batch (two at most).
/// </summary>
public sealed class CouponDocumentContributor(DbSession db) : ISearchDocumentContributor
{
    public string Index => SearchIndexes.Members;

    public IReadOnlyList<SearchField> Fields { get; } =
    [
        new SearchField(MemberIndexFields.CouponOrders, SearchFieldType.Long),
        new SearchField(MemberIndexFields.CouponUsageShare, SearchFieldType.Double),
    ];

    public async Task ContributeAsync(IReadOnlyDictionary<string, Dictionary<string, object?>> documents, CancellationToken ct = default)
    {
        if (documents.Count == 0) return;
        var couponOrders = (await db.QueryAsync<MemberCount>(
                "SELECT member_id AS MemberId, COUNT(DISTINCT order_id) AS Count FROM coupons " +
                $"WHERE {db.In("member_id", "ids")} AND status = @used AND order_id IS NOT NULL GROUP BY member_id",
                new { ids = documents.Keys.ToArray(), used = CouponStatuses.Used }))
            .ToDictionary(r => r.MemberId, r => r.Count);
        var uncounted = documents.Where(d => d.Value.GetValueOrDefault(MemberIndexFields.OrderCount) is not long).Select(d => d.Key).ToArray();
        var paidOrders = uncounted.Length == 0 ? [] : (await db.QueryAsync<MemberCount>(
                $"SELECT member_id AS MemberId, COUNT(*) AS Count FROM orders WHERE {db.In("member_id", "ids")} AND status = @paid GROUP BY member_id",
                new { ids = uncounted, paid = OrderStatuses.Paid }))
            .ToDictionary(r => r.MemberId, r => r.Count);
        foreach (var (memberId, fields) in documents)
        {
            var orders = fields.GetValueOrDefault(MemberIndexFields.OrderCount) as long? ?? paidOrders.GetValueOrDefault(memberId);
            var used = couponOrders.GetValueOrDefault(memberId);
            fields[MemberIndexFields.CouponOrders] = used;
            fields[MemberIndexFields.CouponUsageShare] = CouponUsage.Share(used, orders);
        }
    }

    private sealed class MemberCount
    {
        public string MemberId { get; init; } = "";
        public long Count { get; init; }
    }
}
