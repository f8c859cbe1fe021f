using Shop.Framework.GraphQL;
using Shop.Tiers.Models;

namespace Shop.Tiers.Services;

/// <summary>
/// The arithmetic of levels, free of storage and clocks so it can be pinned by tables of cases.
/// Tier lists passed in are the published tiers ordered by level.
/// </summary>
public static class TierRules
{
    /// <summary>The highest level whose threshold the growth value reaches; 0 when none does.</summary>
    public static int LevelFor(long growth, IReadOnlyList<Tier> tiers) =>
        tiers.LastOrDefault(t => t.Threshold <= growth)?.Level ?? 0;

    /// <summary>The published tier a member at <paramref name="level"/> enjoys: that level, or the nearest below it if it was withdrawn.</summary>
    public static Tier? TierAt(int level, IReadOnlyList<Tier> tiers) => tiers.LastOrDefault(t => t.Level <= level);

    public static Tier? NextAbove(int level, IReadOnlyList<Tier> tiers) => tiers.FirstOrDefault(t => t.Level > level);

    /// <summary>Levels a member passes when upgrading from <paramref name="from"/> to <paramref name="to"/> (both ends: excluded, included).</summary>
    public static IEnumerable<Tier> Reached(int from, int to, IReadOnlyList<Tier> tiers) => tiers.Where(t => t.Level > from && t.Level <= to);

    /// <summary>
    /// A review keeps the level when the growth earned in the retention window reaches the
    /// level's threshold; otherwise it drops one published level, or to the level the window's
    /// growth supports.
    /// </summary>
    public static int ReviewedLevel(int current, long windowGrowth, IReadOnlyList<Tier> tiers, string downgradeMode)
    {
        var held = TierAt(current, tiers);
        if (held is null || windowGrowth >= held.Threshold) return current;
        return downgradeMode == DowngradeModes.ToSupported
            ? LevelFor(windowGrowth, tiers)
            : tiers.LastOrDefault(t => t.Level < held.Level)?.Level ?? 0;
    }

    /// <summary>Growth value of a paid order: goods cash in whole yuan, rounded down; shipping earns none.</summary>
    public static long GrowthForOrder(long goodsFen) => goodsFen <= 0 ? 0 : goodsFen / 100;

    /// <summary>
    /// Growth to take back for one refund. Computed on the cumulative refunded cash (before and
    /// after this refund), each rounded down, so partial refunds never take back more than their
    /// share and the refund that completes the order takes back exactly what is left.
    /// </summary>
    public static long RefundReversal(long orderGrowth, long goodsFen, long refundedBefore, long refundedAfter)
    {
        if (orderGrowth <= 0 || goodsFen <= 0) return 0;
        static long Share(long growth, long goods, long refunded) =>
            (long)((Int128)growth * Math.Clamp(refunded, 0, goods) / goods);
        return Share(orderGrowth, goodsFen, refundedAfter) - Share(orderGrowth, goodsFen, refundedBefore);
    }

    /// <summary>
    /// Across the published tiers plus the one being published: levels unique and thresholds
    /// strictly increasing with the level.
    /// </summary>
    public static IReadOnlyList<UserError> CheckLadder(IReadOnlyList<Tier> tiers, Tier candidate)
    {
        var clash = tiers.FirstOrDefault(t => t.Level == candidate.Level);
        if (clash is not null)
            return [new UserError(ErrorCodes.Validation, $"Level {candidate.Level} is already published as '{clash.Name}'.", "level")];
        var below = tiers.Where(t => t.Level < candidate.Level).MaxBy(t => t.Level);
        if (below is not null && below.Threshold >= candidate.Threshold)
            return [new UserError(ErrorCodes.Validation,
                $"The threshold must be above {below.Threshold}, the threshold of level {below.Level} '{below.Name}'.", "threshold")];
        var above = tiers.Where(t => t.Level > candidate.Level).MinBy(t => t.Level);
        if (above is not null && above.Threshold <= candidate.Threshold)
            return [new UserError(ErrorCodes.Validation,
                $"The threshold must be below {above.Threshold}, the threshold of level {above.Level} '{above.Name}'.", "threshold")];
        return [];
    }

    /// <summary>"黄金会员 ×1.5": the multiplier as shown next to points earned with it.</summary>
    public static string MultiplierLabel(string tierName, int percent) =>
        $"{tierName} ×{(percent / 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The local date on which the review period containing <paramref name="date"/> began.</summary>
    public static DateOnly PeriodStart(DateOnly date, string period) => period switch
    {
        ReviewPeriods.Monthly => new DateOnly(date.Year, date.Month, 1),
        ReviewPeriods.Quarterly => new DateOnly(date.Year, (date.Month - 1) / 3 * 3 + 1, 1),
        ReviewPeriods.Yearly => new DateOnly(date.Year, 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "No periods without reviews."),
    };

    /// <summary>The first period start on or after <paramref name="date"/>.</summary>
    public static DateOnly PeriodStartOnOrAfter(DateOnly date, string period)
    {
        var start = PeriodStart(date, period);
        if (start == date) return start;
        return period switch
        {
            ReviewPeriods.Monthly => start.AddMonths(1),
            ReviewPeriods.Quarterly => start.AddMonths(3),
            _ => start.AddYears(1),
        };
    }

    /// <summary>
    /// When a level held since <paramref name="since"/> is first reviewed: a new level is held for
    /// the whole retention window, then reviewed at the next period start.
    /// </summary>
    public static DateOnly FirstReview(DateOnly since, int retentionMonths, string period) =>
        PeriodStartOnOrAfter(since.AddMonths(retentionMonths), period);
}
