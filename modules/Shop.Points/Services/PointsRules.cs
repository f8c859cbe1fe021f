using Shop.Framework;
using Shop.Framework.Time;
using Shop.Points.Models;

namespace Shop.Points.Services;

/// <summary>The programme's arithmetic, in integers only. Pure, so the rules are unit-tested as tables.</summary>
public static class PointsRules
{
    /// <summary>numerator / denominator rounded as the programme says (both non-negative).</summary>
    public static long Divide(long numerator, long denominator, string rounding) => (long)Divide((Int128)numerator, denominator, rounding);

    private static Int128 Divide(Int128 numerator, Int128 denominator, string rounding) => rounding switch
    {
        PointsRounding.Ceil => (numerator + denominator - 1) / denominator,
        PointsRounding.Round => (2 * numerator + denominator) / (2 * denominator),
        _ => numerator / denominator,
    };

    /// <summary>
    /// Points a line's cash earns: fen × points-per-yuan / 100, times the category and tier
    /// multipliers (percent), rounded once at the end so no multiplier step loses a fraction.
    /// The product is taken in 128 bits: at the validators' limits (a line of 100 million yuan,
    /// 10,000 points per yuan, ×100 category, ×10 tier) it is about 10^21, past a long. What a
    /// line earns is at most <see cref="AmountLimits.MaxPoints"/>, the most any one award may be.
    /// </summary>
    public static long LinePoints(long amountFen, int pointsPerYuan, int categoryPercent, int tierPercent, string rounding)
    {
        if (amountFen <= 0) return 0;
        var points = Divide((Int128)amountFen * pointsPerYuan * categoryPercent * tierPercent, 100L * 100 * 100, rounding);
        return (long)Int128.Min(points, AmountLimits.MaxPoints);
    }

    /// <summary>The category multiplier of a line: the highest listed for any of its categories, else 100.</summary>
    public static int CategoryPercent(PointsProgram program, IEnumerable<string> categoryIds)
    {
        var matches = program.CategoryMultipliers.Where(m => categoryIds.Contains(m.CategoryId)).Select(m => m.Percent).ToList();
        return matches.Count == 0 ? 100 : matches.Max();
    }

    public static bool Excluded(PointsProgram program, string sku, IEnumerable<string> categoryIds) =>
        program.ExcludedSkus.Contains(sku) || categoryIds.Any(program.ExcludedCategoryIds.Contains);

    /// <summary>
    /// How much of <paramref name="wanted"/> still fits under the daily and monthly caps given what
    /// was already earned in the local day and month (0 cap = none).
    /// </summary>
    public static long CapAllowance(long wanted, long dailyCap, long earnedToday, long monthlyCap, long earnedThisMonth)
    {
        var allowed = wanted;
        if (dailyCap > 0) allowed = Math.Min(allowed, Math.Max(0, dailyCap - earnedToday));
        if (monthlyCap > 0) allowed = Math.Min(allowed, Math.Max(0, monthlyCap - earnedThisMonth));
        return allowed;
    }

    /// <summary>
    /// When points earned at <paramref name="earnedAt"/> expire: the first instant after the last
    /// local day they are valid on (days: the N-th day after earning; endOfMonth / endOfYear:
    /// the last day of that month / year). Null = never.
    /// </summary>
    public static long? ExpiresAt(PointsProgram program, MerchantCalendar calendar, long earnedAt)
    {
        var day = calendar.DateOf(earnedAt);
        return program.ExpiryPolicy switch
        {
            PointsExpiryPolicies.Never => null,
            PointsExpiryPolicies.EndOfMonth => calendar.StartOf(new DateOnly(day.Year, day.Month, 1).AddMonths(1)),
            PointsExpiryPolicies.EndOfYear => calendar.StartOf(new DateOnly(day.Year + 1, 1, 1)),
            _ => calendar.StartOf(day.AddDays(program.ExpiryDays + 1)),
        };
    }

    /// <summary>
    /// Splits <paramref name="total"/> over <paramref name="weights"/> in proportion, by largest
    /// remainder (ties to the earlier item), so the parts always add up to the total. With all
    /// weights zero the split is even.
    /// </summary>
    public static long[] Allocate(long total, IReadOnlyList<long> weights)
    {
        var parts = new long[weights.Count];
        if (weights.Count == 0 || total == 0) return parts;
        var effective = weights.Sum() > 0 ? weights : weights.Select(_ => 1L).ToList();
        var sum = effective.Sum();
        var remainders = new long[weights.Count];
        long given = 0;
        for (var i = 0; i < effective.Count; i++)
        {
            parts[i] = (long)((Int128)total * effective[i] / sum);
            remainders[i] = (long)((Int128)total * effective[i] % sum);
            given += parts[i];
        }
        foreach (var i in Enumerable.Range(0, effective.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)(total - given)))
            parts[i]++;
        return parts;
    }

    /// <summary>
    /// The share of <paramref name="total"/> that belongs to the first <paramref name="part"/> of
    /// <paramref name="whole"/>, rounded down. Computed cumulatively (share(before + now) −
    /// share(before)) a series of partial refunds adds up to exactly the total when the whole is refunded.
    /// </summary>
    public static long CumulativeShare(long total, long part, long whole) =>
        whole <= 0 ? 0 : (long)((Int128)total * Math.Clamp(part, 0, whole) / whole);

    /// <summary>The order spends draw lots in: earliest expiry first, never-expiring last, then oldest, then by id.</summary>
    public static List<PointsLot> DrawOrder(IEnumerable<PointsLot> lots) =>
        lots.OrderBy(l => l.ExpiresAt is null).ThenBy(l => l.ExpiresAt).ThenBy(l => l.CreatedAt).ThenBy(l => l.Id, StringComparer.Ordinal).ToList();

    /// <summary>Cash value of points at the checkout exchange rate (the step guarantees whole fen).</summary>
    public static long DeductionFen(long points, int pointsPerYuan) => points * 100 / pointsPerYuan;

    /// <summary>Points may pay at most the programme's share of the goods value (cash paid plus the points' value).</summary>
    public static bool WithinShare(long deductionFen, long goodsCashFen, int maxSharePercent) =>
        deductionFen * 100 <= (long)maxSharePercent * (goodsCashFen + deductionFen);
}
