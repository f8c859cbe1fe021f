using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.PointsMall.Models;

namespace Shop.PointsMall.Services;

/// <summary>
/// The merchant's stock work after publishing: adjustments (idempotent on a key, never below
/// zero) and the code pool of virtual rewards.
/// </summary>
public sealed class StockService(DbSession db, RewardStore rewards, CodePool codes, ContentManager content, TimeProvider clock)
{
    public const int MaxCodesPerUpload = 10_000;

    public async Task<RewardStock?> StockAsync(string rewardId) =>
        await rewards.RowAsync(rewardId) is { } row ? new RewardStock(rewardId, row.StockLeft, row.Redeemed, await codes.AvailableAsync(rewardId)) : null;

    public async Task<StockResult> AdjustAsync(string rewardId, long delta, string? reason, string? idempotencyKey, string actor)
    {
        if (delta is 0 or < -RewardValidator.MaxAmount or > RewardValidator.MaxAmount)
            return StockResult.Fail(ErrorCodes.Validation, "delta", $"delta must be non-zero and at most {RewardValidator.MaxAmount:N0} either way.");
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 500) return StockResult.Fail(ErrorCodes.Validation, "reason", "A reason of 1 to 500 characters is required.");
        if (RewardRules.KeyError(idempotencyKey) is { } keyError) return new StockResult(null, [keyError]);
        try
        {
            return await db.InTransactionAsync(async () =>
            {
                if (await rewards.RowAsync(rewardId) is not { } row)
                    return StockResult.Fail(ErrorCodes.NotFound, "rewardId", "No published reward with this id: a reward's first stock is set when it is published.");
                // The adjustment row is the key's lock: a concurrent replay finds it and changes nothing.
                var inserted = await db.ExecuteAsync(
                    "INSERT INTO mall_stock_adjustments (id, reward_id, delta, stock_after, reason, actor, idempotency_key, created_at) " +
                    "VALUES (@id, @rewardId, @delta, 0, @reason, @actor, @idempotencyKey, @now) ON CONFLICT DO NOTHING",
                    new { id = Ids.New("msa"), rewardId, delta, reason = reason.Trim(), actor, idempotencyKey, now = clock.NowMs() });
                if (inserted == 0) return await ReplayAsync(rewardId, delta, idempotencyKey!);
                var after = await rewards.TryAdjustAsync(rewardId, delta)
                    ?? throw new MallRefused(ErrorCodes.Validation, "delta", $"Stock left is {row.StockLeft}; it cannot go below zero.");
                await db.ExecuteAsync("UPDATE mall_stock_adjustments SET stock_after = @after WHERE reward_id = @rewardId AND idempotency_key = @idempotencyKey",
                    new { after, rewardId, idempotencyKey });
                return new StockResult(await StockAsync(rewardId), []);
            });
        }
        catch (MallRefused refused)
        {
            return new StockResult(null, refused.Errors);
        }
    }

    /// <summary>
    /// The key was used before on this reward: the same delta is a replay (the stock now, nothing
    /// changes); another delta is a different adjustment under a reused key, refused as redeemReward refuses one.
    /// </summary>
    private async Task<StockResult> ReplayAsync(string rewardId, long delta, string idempotencyKey) =>
        await db.ExecuteScalarAsync<long>("SELECT delta FROM mall_stock_adjustments WHERE reward_id = @rewardId AND idempotency_key = @idempotencyKey",
            new { rewardId, idempotencyKey }) == delta
            ? new StockResult(await StockAsync(rewardId), [])
            : StockResult.Fail(ErrorCodes.Validation, "idempotencyKey", "This idempotency key was already used for another adjustment of this reward.");

    /// <summary>Adds codes to a virtual reward's pool; blank lines are ignored, and codes repeated in the upload or already held are skipped and counted.</summary>
    public async Task<CodesUploadResult> UploadCodesAsync(string rewardId, IReadOnlyList<string?> upload)
    {
        var head = await content.GetAsync(RewardCatalog.ContentType, rewardId, latest: true);
        if (head is null) return CodesUploadResult.Fail(ErrorCodes.NotFound, "rewardId", "No such reward.");
        if (head.As<Reward>().Kind != RewardKinds.Virtual) return CodesUploadResult.Fail(ErrorCodes.Validation, "rewardId", "Only virtual rewards have codes.");
        var trimmed = upload.Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).ToList();
        if (trimmed.Count == 0 || trimmed.Count > MaxCodesPerUpload)
            return CodesUploadResult.Fail(ErrorCodes.Validation, "codes", $"Upload 1 to {MaxCodesPerUpload:N0} codes at a time.");
        if (trimmed.FirstOrDefault(c => c.Length > 200 || c.Any(char.IsControl)) is { } bad)
            return CodesUploadResult.Fail(ErrorCodes.Validation, "codes", $"'{bad[..Math.Min(bad.Length, 40)]}' is not a code: at most 200 characters, no line breaks or tabs.");
        var distinct = trimmed.Distinct(StringComparer.Ordinal).ToList();
        var added = await db.InTransactionAsync(() => codes.AddAsync(rewardId, distinct));
        return new CodesUploadResult(added, trimmed.Count - added, await codes.AvailableAsync(rewardId), []);
    }
}
