using System.Collections.Concurrent;

namespace Shop.PointsMall.Services;

/// <summary>
/// The version each reward was last seen listed at, with stock, by this process. A redemption of
/// a reward known here skips reading the reward's row before its transaction (on PostgreSQL that
/// read was a round trip and a sum over the stock slices every redeemer is rewriting, a sixth of
/// a redemption's database time). Nothing here is trusted: the stock take checks in the
/// transaction that the reward is still listed at this version (<see cref="RewardStore.TakeOrThrowAsync"/>),
/// so a publish or unlist on another node costs one rolled-back try, never a redemption at an
/// old price or of an unlisted reward.
/// <para>A sold-out reward is never known here: its redeemers read the row and are turned away
/// before they write, as they were before this cache.</para>
/// </summary>
public sealed class ListedRewardVersions
{
    private readonly ConcurrentDictionary<string, string> _versions = new(StringComparer.Ordinal);

    public string? VersionOf(string rewardId) => _versions.TryGetValue(rewardId, out var version) ? version : null;

    /// <summary>Keeps a row read from the database when it is listed with stock; forgets the reward otherwise.</summary>
    public void Saw(RewardRow row)
    {
        if (row is { Listed: true, StockLeft: > 0 }) _versions[row.RewardId] = row.VersionId;
        else Forget(row.RewardId);
    }

    public void Forget(string rewardId) => _versions.TryRemove(rewardId, out _);
}
