using Shop.Coupons.Models;

namespace Shop.Coupons.Services;

public sealed record TemplateStats(string TemplateId, long TotalQuantity, long Issued, IReadOnlyDictionary<string, long> ByStatus)
{
    public long? Remaining => TotalQuantity == 0 ? null : Math.Max(0, TotalQuantity - Issued);
}

/// <summary>Counts for the admin: a template's stock and its coupons by status.</summary>
public sealed class CouponStats(CouponStore store)
{
    public async Task<TemplateStats> ForTemplateAsync(string templateId)
    {
        var stock = await store.StockAsync(templateId);
        var counts = await store.CountsByStatusAsync(templateId);
        var byStatus = CouponStatuses.All.ToDictionary(s => s, s => counts.GetValueOrDefault(s));
        return new TemplateStats(templateId, stock?.TotalQuantity ?? 0, stock?.Issued ?? 0, byStatus);
    }
}
