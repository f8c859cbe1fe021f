using Shop.Framework.Data;
using Shop.Framework.Search;

namespace Shop.PointsMall.Indexing;

/// <summary>
/// The storefront's reward search: one document per listed reward, titles and descriptions
/// analysed with CJK bigrams. Unlisted (archived) rewards have no document, so they drop out.
/// </summary>
public sealed class RewardDocumentSource(DbSession db) : ISearchDocumentSource
{
    public const string Title = "title";
    public const string Description = "description";
    public const string Category = "category";
    public const string Kind = "kind";
    public const string PointsPrice = "points_price";

    public SearchIndexDefinition Definition { get; } = new(SearchIndexes.Rewards,
    [
        new(Title, SearchFieldType.Text),
        new(Description, SearchFieldType.Text),
        new(Category, SearchFieldType.Keyword),
        new(Kind, SearchFieldType.Keyword),
        new(PointsPrice, SearchFieldType.Long),
    ]);

    public async Task<IReadOnlyList<SearchDocument>> LoadAsync(IReadOnlyList<string> ids, CancellationToken ct = default) =>
        (await db.QueryAsync<Row>(
            "SELECT reward_id AS RewardId, title AS Title, description AS Description, category AS Category, kind AS Kind, points_price AS PointsPrice " +
            $"FROM mall_rewards WHERE listed = @t AND {db.In("reward_id", "ids")}", new { t = true, ids = ids.ToArray() }))
        .Select(r => new SearchDocument(r.RewardId, new Dictionary<string, object?>
        {
            [Title] = r.Title, [Description] = r.Description, [Category] = r.Category, [Kind] = r.Kind, [PointsPrice] = r.PointsPrice,
        })).ToList();

    public async Task<IReadOnlyList<string>> IdsAfterAsync(string? afterId, int take, CancellationToken ct = default) =>
        (await db.QueryAsync<string>(
            $"SELECT reward_id FROM mall_rewards WHERE listed = @t {(afterId is null ? "" : "AND reward_id > @afterId")} ORDER BY reward_id LIMIT @take",
            new { t = true, afterId, take })).ToList();

    public Task<long> CountAsync(CancellationToken ct = default) =>
        db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mall_rewards WHERE listed = @t", new { t = true });

    private sealed class Row
    {
        public string RewardId { get; set; } = "";
        public string Title { get; set; } = "";
        public string? Description { get; set; }
        public string? Category { get; set; }
        public string Kind { get; set; } = "";
        public long PointsPrice { get; set; }
    }
}
