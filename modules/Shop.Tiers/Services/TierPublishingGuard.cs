using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Tiers.Models;

namespace Shop.Tiers.Services;

/// <summary>Refuses publishing a tier whose level or threshold does not fit the published ladder.</summary>
public sealed class TierPublishingGuard(DbSession db, IServiceProvider services) : IContentHandler
{
    public async Task<IReadOnlyList<UserError>> PublishingAsync(ContentItem item)
    {
        if (item.ContentType != TierCatalog.TierType) return [];
        // Serialises tier publishes: two tiers checked side by side could each fit alone and clash together.
        await db.ExecuteAsync("UPDATE tier_publish_lock SET version = version + 1 WHERE id = 'tiers'");
        // ContentManager is resolved here, not injected: it depends on every content handler.
        var others = (await services.GetRequiredService<ContentManager>().ListPublishedAsync(TierCatalog.TierType, fresh: true))
            .Where(i => i.ItemId != item.ItemId).Select(i => i.As<Tier>()).OrderBy(t => t.Level).ToList();
        return TierRules.CheckLadder(others, item.As<Tier>());
    }
}
