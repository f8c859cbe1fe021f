using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.PointsMall.Models;

namespace Shop.PointsMall.Services;

/// <summary>A reward's row: the version in force, whether it is listed, and its stock.</summary>
public sealed record RewardRow
{
    public required string RewardId { get; init; }
    public required string VersionId { get; init; }
    public bool Listed { get; init; }
    public long StockLeft { get; init; }
    public long Redeemed { get; init; }
}

/// <param name="SearchIds">The rewards the search index matched for <paramref name="Search"/>; null = match the text in the database.</param>
public sealed record RewardFilter(string? Search, string? Category, long? MaxPoints, IReadOnlyList<string>? SearchIds = null);

/// <summary>The SQL of <c>mall_rewards</c>: listing columns mirrored on publish, and stock.</summary>
public sealed class RewardStore(DbSession db, TimeProvider clock)
{
    private const string RowColumns = "reward_id AS RewardId, version_id AS VersionId, listed AS Listed, stock_left AS StockLeft, redeemed AS Redeemed";

    /// <summary>
    /// Mirrors a newly published version. The first publish creates the row with the reward's
    /// initial stock; later publishes leave stock alone (it moves only by redemptions, cancels
    /// and adjustments).
    /// </summary>
    public Task UpsertListingAsync(ContentItem item, Reward reward) =>
        db.ExecuteAsync(
            "INSERT INTO mall_rewards (reward_id, version_id, kind, title, description, category, points_price, available_from, available_until, listed, stock_left, redeemed, updated_at) " +
            "VALUES (@ItemId, @VersionId, @Kind, @Title, @Description, @Category, @PointsPrice, @From, @Until, @t, @InitialStock, 0, @now) " +
            "ON CONFLICT (reward_id) DO UPDATE SET version_id = excluded.version_id, kind = excluded.kind, title = excluded.title, description = excluded.description, " +
            "category = excluded.category, points_price = excluded.points_price, available_from = excluded.available_from, " +
            "available_until = excluded.available_until, listed = excluded.listed, updated_at = excluded.updated_at",
            new
            {
                item.ItemId, item.VersionId, reward.Kind, reward.Title, reward.Description, Category = Blank(reward.Category), reward.PointsPrice,
                From = reward.AvailableFrom?.ToUnixMs(), Until = reward.AvailableUntil?.ToUnixMs(), reward.InitialStock, t = true, now = clock.NowMs(),
            });

    public Task UnlistAsync(string rewardId) =>
        db.ExecuteAsync("UPDATE mall_rewards SET listed = @f, updated_at = @now WHERE reward_id = @rewardId", new { rewardId, f = false, now = clock.NowMs() });

    public Task<RewardRow?> RowAsync(string rewardId) =>
        db.QuerySingleOrDefaultAsync<RewardRow>($"SELECT {RowColumns} FROM mall_rewards WHERE reward_id = @rewardId", new { rewardId });

    public async Task<IReadOnlyDictionary<string, RewardRow>> RowsAsync(IReadOnlyCollection<string> rewardIds) =>
        (await db.QueryAsync<RewardRow>($"SELECT {RowColumns} FROM mall_rewards WHERE {db.In("reward_id", "ids")}", new { ids = rewardIds.ToArray() }))
        .ToDictionary(r => r.RewardId);

    /// <summary>
    /// Stock is taken in the statement that checks it, so concurrent redemptions can never take
    /// more than there is; false means someone else got the last of it.
    /// </summary>
    public async Task<bool> TryTakeAsync(string rewardId, int quantity) =>
        await db.ExecuteAsync(
            "UPDATE mall_rewards SET stock_left = stock_left - @quantity, redeemed = redeemed + @quantity, updated_at = @now " +
            "WHERE reward_id = @rewardId AND stock_left >= @quantity",
            new { rewardId, quantity, now = clock.NowMs() }) == 1;

    /// <summary>A cancelled redemption's units go back on the shelf.</summary>
    public Task PutBackAsync(string rewardId, int quantity) =>
        db.ExecuteAsync(
            "UPDATE mall_rewards SET stock_left = stock_left + @quantity, redeemed = redeemed - @quantity, updated_at = @now WHERE reward_id = @rewardId",
            new { rewardId, quantity, now = clock.NowMs() });

    /// <summary>Moves stock by <paramref name="delta"/> unless it would go below zero; the stock after, or null when refused.</summary>
    public Task<long?> TryAdjustAsync(string rewardId, long delta) =>
        db.QuerySingleOrDefaultAsync<long?>(
            "UPDATE mall_rewards SET stock_left = stock_left + @delta, updated_at = @now WHERE reward_id = @rewardId AND stock_left + @delta >= 0 RETURNING stock_left",
            new { rewardId, delta, now = clock.NowMs() });

    /// <summary>
    /// Listed rewards open at <paramref name="nowMs"/>, newest first, keyset-paged on the id.
    /// Search is a case-insensitive substring of title or description (until the search index serves it).
    /// </summary>
    public async Task<(IReadOnlyList<RewardRow> Rows, int Total)> ListAsync(RewardFilter filter, PageRequest page, long nowMs)
    {
        var where = "listed = @t AND (available_from IS NULL OR available_from <= @now) AND (available_until IS NULL OR available_until > @now)";
        if (!string.IsNullOrWhiteSpace(filter.Category)) where += " AND category = @category";
        if (filter.MaxPoints is not null) where += " AND points_price <= @maxPoints";
        if (filter.SearchIds is not null) where += filter.SearchIds.Count == 0 ? " AND 1 = 0" : $" AND {db.In("reward_id", "searchIds")}";
        else if (!string.IsNullOrWhiteSpace(filter.Search)) where += " AND (LOWER(title) LIKE @search ESCAPE '\\' OR LOWER(description) LIKE @search ESCAPE '\\')";
        var args = new
        {
            t = true, now = nowMs, category = filter.Category?.Trim(), maxPoints = filter.MaxPoints, searchIds = filter.SearchIds?.ToArray(),
            search = "%" + EscapeLike(filter.Search?.Trim().ToLowerInvariant() ?? "") + "%", after = page.AfterKey, take = page.First + 1,
        };
        var total = await db.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM mall_rewards WHERE {where}", args);
        var rows = await db.QueryAsync<RewardRow>(
            $"SELECT {RowColumns} FROM mall_rewards WHERE {where} {(page.AfterKey is null ? "" : "AND reward_id < @after")} ORDER BY reward_id DESC LIMIT @take", args);
        return (rows.ToList(), total);
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
