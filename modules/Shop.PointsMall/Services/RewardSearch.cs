using Microsoft.Extensions.Logging;
using Shop.Framework.Search;
using Shop.PointsMall.Indexing;

namespace Shop.PointsMall.Services;

/// <summary>
/// Finds rewards by words in the search index (CJK bigrams: "保温杯" finds "不锈钢保温杯").
/// Null means "no index answer" — the index is down — and the catalogue falls back to a
/// substring match in the database, so the storefront degrades instead of failing.
/// </summary>
public sealed class RewardSearch(SearchCatalog search, ILogger<RewardSearch> logger)
{
    /// <summary>A storefront search never needs more; a catalogue this size is browsed, not searched.</summary>
    public const int MaxMatches = 1000;

    public async Task<IReadOnlyList<string>?> MatchingIdsAsync(string text, CancellationToken ct = default)
    {
        if (!search.Defines(SearchIndexes.Rewards)) return null;
        var query = new BoolQuery
        {
            Should = [new MatchQuery(RewardDocumentSource.Title, text), new MatchQuery(RewardDocumentSource.Description, text)],
            MinimumShouldMatch = 1,
        };
        try
        {
            var found = await search.Open(SearchIndexes.Rewards).SearchAsync(new SearchRequest(query) { Size = MaxMatches }, ct);
            return found.Hits.Select(h => h.Id).ToList();
        }
        catch (SearchUnavailableException e)
        {
            logger.LogWarning("Reward search falls back to the database: {Reason}", e.Message);
            return null;
        }
    }
}
