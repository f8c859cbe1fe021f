using Dapper;
using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.PointsMall.Models;

namespace Shop.PointsMall.Services;

/// <summary>
/// What a redemption's stock take found: units taken, too few left, the reward no longer listed at
/// the version the redemption was made from, or (PostgreSQL) every slice holding enough held by
/// other redeemers for the moment.
/// </summary>
public enum StockTake { Taken, OutOfStock, ListingChanged, Busy }

/// <summary>
/// A redemption's stock was not taken, and its transaction rolls back. <see cref="Why"/> is null
/// when the take went with the commit (PostgreSQL): ask <see cref="RewardStore.WhyNotTakenAsync"/>.
/// </summary>
public sealed class StockNotTaken(StockTake? why) : Exception("stock not taken")
{
    public StockTake? Why { get; } = why;
}

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

/// <summary>The SQL of <c>mall_rewards</c> (listing columns mirrored on publish) and of <c>mall_reward_stock</c> (its stock, in <see cref="StockSlices"/>).</summary>
public sealed class RewardStore(DbSession db, TimeProvider clock)
{
    private const string RowColumns = "reward_id AS RewardId, version_id AS VersionId, listed AS Listed, " +
        "(SELECT CAST(COALESCE(SUM(s.stock_left), 0) AS BIGINT) FROM mall_reward_stock s WHERE s.reward_id = mall_rewards.reward_id) AS StockLeft, " +
        "(SELECT CAST(COALESCE(SUM(s.redeemed), 0) AS BIGINT) FROM mall_reward_stock s WHERE s.reward_id = mall_rewards.reward_id) AS Redeemed";

    /// <summary>
    /// Mirrors a newly published version. The first publish also puts the reward's initial stock
    /// on its slices; later publishes leave stock alone (it moves only by redemptions, cancels and
    /// adjustments).
    /// </summary>
    public async Task UpsertListingAsync(ContentItem item, Reward reward)
    {
        await db.ExecuteAsync(
            "INSERT INTO mall_rewards (reward_id, version_id, kind, title, description, category, points_price, available_from, available_until, listed, updated_at) " +
            "VALUES (@ItemId, @VersionId, @Kind, @Title, @Description, @Category, @PointsPrice, @From, @Until, @t, @now) " +
            "ON CONFLICT (reward_id) DO UPDATE SET version_id = excluded.version_id, kind = excluded.kind, title = excluded.title, description = excluded.description, " +
            "category = excluded.category, points_price = excluded.points_price, available_from = excluded.available_from, " +
            "available_until = excluded.available_until, listed = excluded.listed, updated_at = excluded.updated_at",
            new
            {
                item.ItemId, item.VersionId, reward.Kind, reward.Title, reward.Description, Category = Blank(reward.Category), reward.PointsPrice,
                From = reward.AvailableFrom?.ToUnixMs(), Until = reward.AvailableUntil?.ToUnixMs(), t = true, now = clock.NowMs(),
            });
        await db.ExecuteAsync(FirstStockSql, SpreadParameters(item.ItemId, reward.InitialStock));
    }

    private static readonly string FirstStockSql = "INSERT INTO mall_reward_stock (reward_id, slice, stock_left, redeemed) VALUES " +
        string.Join(", ", Enumerable.Range(0, StockSlices.Count).Select(i => $"(@rewardId, {i}, @s{i}, 0)")) + " ON CONFLICT DO NOTHING";

    private static readonly string RestockSql = "UPDATE mall_reward_stock SET stock_left = stock_left + CASE slice " +
        string.Join(" ", Enumerable.Range(0, StockSlices.Count).Select(i => $"WHEN {i} THEN @s{i}")) + " END WHERE reward_id = @rewardId";

    /// <summary>@rewardId, and @s0.. the share of <paramref name="units"/> each slice gets (<see cref="StockSlices.Spread"/>).</summary>
    private static DynamicParameters SpreadParameters(string rewardId, long units)
    {
        var args = new DynamicParameters(new { rewardId });
        var slices = StockSlices.Spread(units);
        for (var i = 0; i < slices.Length; i++) args.Add($"s{i}", slices[i]);
        return args;
    }

    public Task UnlistAsync(string rewardId) =>
        db.ExecuteAsync("UPDATE mall_rewards SET listed = @f, updated_at = @now WHERE reward_id = @rewardId", new { rewardId, f = false, now = clock.NowMs() });

    public Task<RewardRow?> RowAsync(string rewardId) =>
        db.QuerySingleOrDefaultAsync<RewardRow>($"SELECT {RowColumns} FROM mall_rewards WHERE reward_id = @rewardId", new { rewardId });

    public async Task<IReadOnlyDictionary<string, RewardRow>> RowsAsync(IReadOnlyCollection<string> rewardIds) =>
        (await db.QueryAsync<RewardRow>($"SELECT {RowColumns} FROM mall_rewards WHERE {db.In("reward_id", "ids")}", new { ids = rewardIds.ToArray() }))
        .ToDictionary(r => r.RewardId);

    /// <summary>
    /// Takes <paramref name="quantity"/> units in guarded updates, so concurrent redemptions can
    /// never take more than there is, or throws <see cref="StockNotTaken"/> (the caller's transaction
    /// rolls back). A redemption takes from one slice that holds enough; only when none does are
    /// several combined. The take also checks that the reward is still listed at
    /// <paramref name="versionId"/>, the version the redemption was priced and judged by (it may come
    /// from <see cref="ListedRewardVersions"/>, which trusts nothing).
    /// <para>On PostgreSQL a redemption never waits for a slice's lock: it takes a slice no one else
    /// holds, starting at a random one so redeemers spread. Waiting for locks while holding one could
    /// close a cycle with the merchant's stock cuts, which wait in slice order; a redemption that
    /// never waits cannot be part of one. A one-unit take (nearly every redemption) goes with the
    /// commit (<see cref="DbSession.ExecuteLaterAsync"/>), so the slice it locks is held only while
    /// PostgreSQL runs the rest of that batch, never across a round trip to this process; when it
    /// took nothing, the caller asks <see cref="WhyNotTakenAsync"/> after the rollback and tries
    /// again when the slices were only busy. Call it as the transaction's last statement.</para>
    /// </summary>
    public async Task TakeOrThrowAsync(string rewardId, string versionId, int quantity, CancellationToken ct = default)
    {
        if (db.Provider == DatabaseProvider.PostgreSQL && quantity == 1)
        {
            await db.ExecuteLaterAsync(TakeFreeSliceSql, new { rewardId, versionId, quantity, listed = true, start = Random.Shared.Next(StockSlices.Count) },
                expectRows: 1, mismatch: () => new StockNotTaken(null));
            return;
        }
        if (await TakeNowAsync(rewardId, versionId, quantity, ct) is var take && take != StockTake.Taken) throw new StockNotTaken(take);
    }

    private async Task<StockTake> TakeNowAsync(string rewardId, string versionId, int quantity, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.PostgreSQL)
        {
            // One writer at a time: no slice is ever busy.
            if (await db.ExecuteAsync(TakeFirstSliceSql, new { rewardId, versionId, quantity, listed = true }) == 1) return StockTake.Taken;
            return await WhyNotTakenAsync(rewardId, versionId, quantity) is var why && why != StockTake.Busy ? why
                : quantity > 1 && await TryTakeAcrossAsync(rewardId, quantity, redeemed: true, skipBusy: false) == true ? StockTake.Taken : StockTake.OutOfStock;
        }
        // Several units (PostgreSQL) may need several slices, locked together below; rolling back to this
        // savepoint lets go of them when some are busy, so two such redeemers cannot hold halves
        // of what each needs. One savepoint for all tries: each would otherwise be a subtransaction.
        await db.ExecuteAsync("SAVEPOINT stock_take");
        for (var attempt = 0; ; attempt++)
        {
            var args = new { rewardId, versionId, quantity, listed = true, start = Random.Shared.Next(StockSlices.Count) };
            if (await db.ExecuteAsync(TakeFreeSliceSql, args) == 1) return StockTake.Taken;
            if (await WhyNotTakenAsync(rewardId, versionId, quantity) is var refused && refused != StockTake.Busy) return refused;
            if (await TryTakeAcrossAsync(rewardId, quantity, redeemed: true, skipBusy: true) is { } settled) return settled ? StockTake.Taken : StockTake.OutOfStock;
            await db.ExecuteAsync("ROLLBACK TO SAVEPOINT stock_take");
            await Task.Delay(StockSlices.Backoff(attempt), ct);
        }
    }

    /// <summary>
    /// Why a take found nothing, from what is committed: the listing changed, too little is left, or
    /// neither (<see cref="StockTake.Busy"/>: the slices that hold enough were held).
    /// </summary>
    public async Task<StockTake> WhyNotTakenAsync(string rewardId, string versionId, int quantity)
    {
        var row = await RowAsync(rewardId);
        if (row is not { Listed: true } || row.VersionId != versionId) return StockTake.ListingChanged;
        return row.StockLeft < quantity ? StockTake.OutOfStock : StockTake.Busy;
    }

    /// <summary>SQLite: the first slice that holds enough, in key order (no ORDER BY: SQLite would build a sorter for every redemption).</summary>
    private const string TakeFirstSliceSql = TakeOneSliceSql + "LIMIT 1)";

    /// <summary>PostgreSQL: a slice that holds enough and no one else holds, starting at slice @start and wrapping.</summary>
    private static readonly string TakeFreeSliceSql = TakeOneSliceSql + $"ORDER BY (slice + @start) % {StockSlices.Count} LIMIT 1 FOR UPDATE SKIP LOCKED)";

    // The listing check only names parameters, so PostgreSQL evaluates it once, before any slice is looked at or locked.
    private const string TakeOneSliceSql =
        "UPDATE mall_reward_stock SET stock_left = stock_left - @quantity, redeemed = redeemed + @quantity " +
        "WHERE reward_id = @rewardId AND stock_left >= @quantity " +
        "AND EXISTS (SELECT 1 FROM mall_rewards r WHERE r.reward_id = @rewardId AND r.listed = @listed AND r.version_id = @versionId) " +
        "AND slice = (SELECT slice FROM mall_reward_stock WHERE reward_id = @rewardId AND stock_left >= @quantity ";

    /// <summary>What is committed on the reward's slices now.</summary>
    private Task<long> StockLeftAsync(string rewardId) =>
        db.ExecuteScalarAsync<long>("SELECT CAST(COALESCE(SUM(stock_left), 0) AS BIGINT) FROM mall_reward_stock WHERE reward_id = @rewardId", new { rewardId });

    /// <summary>
    /// Takes <paramref name="units"/> from the slices together, first slices first, each update
    /// still guarded. The slices are locked in slice order (PostgreSQL): waiting for each
    /// (<paramref name="skipBusy"/> false: the merchant's cuts), or only those free, when null
    /// means some were busy and the caller tries again. False: the slices hold too few together;
    /// the caller's transaction rolls back whatever was taken.
    /// </summary>
    private async Task<bool?> TryTakeAcrossAsync(string rewardId, long units, bool redeemed, bool skipBusy)
    {
        var locking = db.Provider != DatabaseProvider.PostgreSQL ? "" : skipBusy ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
        var slices = (await db.QueryAsync<(int Slice, long Left)>(
            $"SELECT slice, stock_left FROM mall_reward_stock WHERE reward_id = @rewardId ORDER BY slice{locking}", new { rewardId })).ToList();
        if (StockSlices.Plan(slices.Select(s => s.Left).ToList(), units) is not { } plan)
            return skipBusy && slices.Count < StockSlices.Count ? null : false;
        for (var i = 0; i < plan.Length; i++)
        {
            if (plan[i] == 0) continue;
            var taken = await db.ExecuteAsync(
                "UPDATE mall_reward_stock SET stock_left = stock_left - @take, redeemed = redeemed + @counted " +
                "WHERE reward_id = @rewardId AND slice = @slice AND stock_left >= @take",
                new { rewardId, slice = slices[i].Slice, take = plan[i], counted = redeemed ? plan[i] : 0 });
            if (taken == 0) return false;
        }
        return true;
    }

    /// <summary>A cancelled redemption's units go back on the shelf, on a slice picked at random (a slice's redeemed count may then go below zero: only sums mean anything).</summary>
    public Task PutBackAsync(string rewardId, int quantity) =>
        db.ExecuteAsync(
            "UPDATE mall_reward_stock SET stock_left = stock_left + @quantity, redeemed = redeemed - @quantity WHERE reward_id = @rewardId AND slice = @slice",
            new { rewardId, quantity, slice = Random.Shared.Next(StockSlices.Count) });

    /// <summary>
    /// Moves stock by <paramref name="delta"/> unless it would go below zero; the stock after, or
    /// null when refused (the caller rolls back). Added units are spread over the slices like a
    /// first stock, so a restocked hot reward is not one busy slice.
    /// </summary>
    public async Task<long?> TryAdjustAsync(string rewardId, long delta)
    {
        if (delta > 0)
        {
            await db.ExecuteAsync(RestockSql, SpreadParameters(rewardId, delta));
        }
        else if (await TryTakeAcrossAsync(rewardId, -delta, redeemed: false, skipBusy: false) != true)
        {
            return null;
        }
        return await StockLeftAsync(rewardId);
    }

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
            search = SqlLike.Containing(filter.Search?.Trim().ToLowerInvariant() ?? ""), after = page.AfterKey, take = page.First + 1,
        };
        var total = await db.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM mall_rewards WHERE {where}", args);
        var rows = await db.QueryAsync<RewardRow>(
            $"SELECT {RowColumns} FROM mall_rewards WHERE {where} {(page.AfterKey is null ? "" : "AND reward_id < @after")} ORDER BY reward_id DESC LIMIT @take", args);
        return (rows.ToList(), total);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
