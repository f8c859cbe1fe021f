namespace Shop.PointsMall.Services;

/// <summary>
/// How a reward's stock is split into rows (<c>mall_reward_stock</c>). Redeemers take from
/// different slices, so a hot reward is not one row every redemption queues on; a reward's stock
/// is the sum of its slices.
/// </summary>
public static class StockSlices
{
    /// <summary>Rows per reward: at 32 concurrent redeemers, about four per slice in the worst case and usually a free one.</summary>
    public const int Count = 8;

    /// <summary>The wait before try <paramref name="attempt"/> + 1 at slices found busy: 1, 2, 4 ... up to 20 ms, jittered so the losers spread out.</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(1 << Math.Min(attempt, 5), 20) * (0.5 + Random.Shared.NextDouble()));

    /// <summary><paramref name="units"/> spread as evenly as whole units allow, the remainder on the first slices.</summary>
    public static long[] Spread(long units)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        var slices = new long[Count];
        for (var i = 0; i < Count; i++) slices[i] = units / Count + (i < units % Count ? 1 : 0);
        return slices;
    }

    /// <summary>
    /// Units to take from each slice, first slices first, to make up <paramref name="units"/> from
    /// slices holding <paramref name="left"/>; null when they do not hold enough together.
    /// </summary>
    public static long[]? Plan(IReadOnlyList<long> left, long units)
    {
        var take = new long[left.Count];
        var need = units;
        for (var i = 0; i < left.Count && need > 0; i++)
        {
            take[i] = Math.Min(Math.Max(left[i], 0), need);
            need -= take[i];
        }
        return need == 0 ? take : null;
    }
}
