using Shop.Framework.Content;
using Shop.Framework.Search;
using Shop.PointsMall.Models;

namespace Shop.PointsMall.Services;

/// <summary>
/// Keeps <c>mall_rewards</c> in step with publishing, inside the publishing transaction: a
/// published version is listed (its first publish stocks the shelf), an archived reward is not.
/// This process forgets the version it knew (other nodes find out at their next stock take).
/// </summary>
public sealed class RewardPublishing(RewardStore store, IIndexingQueue indexing, ListedRewardVersions known) : IContentHandler
{
    public async Task PublishedAsync(ContentItem item)
    {
        if (item.ContentType != RewardCatalog.ContentType) return;
        await store.UpsertListingAsync(item, item.As<Reward>());
        known.Forget(item.ItemId);
        await indexing.EnqueueAsync(SearchIndexes.Rewards, item.ItemId);
    }

    public async Task ArchivedAsync(ContentItem item)
    {
        if (item.ContentType != RewardCatalog.ContentType) return;
        await store.UnlistAsync(item.ItemId);
        known.Forget(item.ItemId);
        await indexing.EnqueueAsync(SearchIndexes.Rewards, item.ItemId);
    }
}
