using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.PointsMall.Models;

namespace Shop.PointsMall.Services;

/// <summary>A reward as the storefront shows it: the published version and its stock now.</summary>
public sealed record RewardView(RewardListing Listing, RewardRow Stock)
{
    public string Id => Listing.Id;
    public Reward Model => Listing.Model;
}

/// <summary>The storefront's catalogue: published rewards inside their window, with stock.</summary>
public sealed class RewardBrowser(RewardStore store, RewardCatalog catalog, RewardSearch search, TimeProvider clock)
{
    /// <summary>A page (plus one row, for hasNextPage) and the total matching.</summary>
    public async Task<(IReadOnlyList<RewardView> Rows, int Total)> ListAsync(RewardFilter filter, PageRequest page)
    {
        if (!string.IsNullOrWhiteSpace(filter.Search)) filter = filter with { SearchIds = await search.MatchingIdsAsync(filter.Search.Trim()) };
        var (rows, total) = await store.ListAsync(filter, page, clock.NowMs());
        var views = new List<RewardView>(rows.Count);
        foreach (var row in rows)
            if (await catalog.ListingAsync(row.RewardId, row.VersionId) is { } listing) views.Add(new RewardView(listing, row));
        return (views, total);
    }

    /// <summary>The reward if it is published and open now; null otherwise.</summary>
    public async Task<RewardView?> GetAsync(string rewardId)
    {
        if (await store.RowAsync(rewardId) is not { Listed: true } row) return null;
        var listing = await catalog.ListingAsync(rewardId, row.VersionId);
        return listing is not null && RewardRules.InWindow(listing.Model, clock.NowMs()) ? new RewardView(listing, row) : null;
    }
}
