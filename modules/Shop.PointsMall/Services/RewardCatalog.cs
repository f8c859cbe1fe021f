using System.Collections.Concurrent;
using Shop.Framework.Content;
using Shop.PointsMall.Models;

namespace Shop.PointsMall.Services;

/// <summary>A published reward: its item id, the version in force and that version's model.</summary>
public sealed record RewardListing(string Id, string VersionId, Reward Model);

/// <summary>
/// Reward models by content version. A version never changes once written, so its parsed model
/// is shared by every request instead of deserialising the JSON on each redemption.
/// </summary>
public sealed class RewardModels
{
    private readonly ConcurrentDictionary<string, Reward> _byVersion = new();

    public RewardListing Of(ContentItem item) => new(item.ItemId, item.VersionId, _byVersion.GetOrAdd(item.VersionId, _ => item.As<Reward>()));

    public bool TryGet(string rewardId, string versionId, out RewardListing listing)
    {
        listing = _byVersion.TryGetValue(versionId, out var model) ? new RewardListing(rewardId, versionId, model) : null!;
        return model is not null;
    }
}

/// <summary>
/// Published rewards for the storefront and redemptions. Which version is in force comes from
/// the module's own row (written in the publishing transaction); the model comes from the
/// version cache, the published-content cache, or the content store, in that order.
/// </summary>
public sealed class RewardCatalog(ContentManager content, RewardModels models)
{
    public const string ContentType = "reward";

    public async Task<RewardListing?> ListingAsync(string rewardId, string versionId)
    {
        if (models.TryGet(rewardId, versionId, out var known)) return known;
        var item = (await content.ListPublishedAsync(ContentType)).FirstOrDefault(i => i.VersionId == versionId)
            ?? await content.GetAsync(ContentType, rewardId, latest: false);
        return item is null ? null : models.Of(item);
    }
}
