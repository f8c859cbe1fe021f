using Shop.Framework.Data;
using Shop.Points.Services;

namespace Shop.Tiers.Services;

/// <summary>
/// The points multiplier of the level a member held at an instant, read from the level-change
/// log, so an order paid just before an upgrade earns at the old level.
/// </summary>
public sealed class TierMultiplierSource(DbSession db, TierCatalog catalog) : IPointsMultiplierSource
{
    public async Task<PointsMultiplier> MultiplierAtAsync(string memberId, long atUnixMs)
    {
        var tiers = await catalog.TiersAsync();
        var logged = await db.QuerySingleOrDefaultAsync<int?>(
            "SELECT to_level FROM tier_changes WHERE member_id = @memberId AND at <= @atUnixMs ORDER BY at DESC, id DESC LIMIT 1",
            new { memberId, atUnixMs });
        // Before any change a member held the level that zero growth gives.
        var tier = TierRules.TierAt(logged ?? TierRules.LevelFor(0, tiers), tiers);
        if (tier is null || tier.Benefits.PointsMultiplierPercent == 100) return PointsMultiplier.None;
        return new PointsMultiplier(tier.Benefits.PointsMultiplierPercent, TierRules.MultiplierLabel(tier.Name, tier.Benefits.PointsMultiplierPercent));
    }
}
