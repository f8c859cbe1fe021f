using Shop.Coupons.Models;
using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.Services;

/// <summary>
/// Keeps each published template's stock row in step with its total quantity, in the publish
/// transaction. The new total is set by a guarded upsert that refuses a total below what was
/// already issued — decided by the row itself, so a claim racing the publish cannot slip past a
/// check made a moment earlier. Coupons in members' hands cannot be taken back by lowering a number.
/// </summary>
public sealed class CouponTemplateStock(CouponStore store, TimeProvider clock) : IContentHandler
{
    public async Task<IReadOnlyList<UserError>> PublishingAsync(ContentItem item)
    {
        if (item.ContentType != CouponTemplates.ContentType) return [];
        var total = item.As<CouponTemplate>().TotalQuantity;
        if (await store.TrySetTotalAsync(item.ItemId, total, clock.NowMs())) return [];
        var issued = (await store.StockAsync(item.ItemId))?.Issued ?? 0;
        return [new UserError(ErrorCodes.Validation, $"{issued} coupons were already issued; the total cannot be lower.", "totalQuantity")];
    }
}
