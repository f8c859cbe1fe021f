using Shop.Framework.Data;
using Shop.Coupons.Models;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.Services;

/// <summary>
/// Keeps each published template's stock row in step with its total quantity, in the publish
/// transaction. A total below what was already issued is refused: coupons in members' hands
/// cannot be taken back by lowering a number.
/// </summary>
public sealed class CouponTemplateStock(CouponStore store, TimeProvider clock) : IContentHandler
{
    public async Task<IReadOnlyList<UserError>> PublishingAsync(ContentItem item)
    {
        if (item.ContentType != CouponTemplates.ContentType) return [];
        var total = item.As<CouponTemplate>().TotalQuantity;
        var stock = await store.StockAsync(item.ItemId);
        return total > 0 && stock is not null && stock.Issued > total
            ? [new UserError(ErrorCodes.Validation, $"{stock.Issued} coupons were already issued; the total cannot be lower.", "totalQuantity")]
            : [];
    }

    public async Task PublishedAsync(ContentItem item)
    {
        if (item.ContentType != CouponTemplates.ContentType) return;
        await store.UpsertStockAsync(item.ItemId, item.As<CouponTemplate>().TotalQuantity, clock.NowMs());
    }
}
