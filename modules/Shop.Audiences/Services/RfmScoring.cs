using Shop.Audiences.Models;

namespace Shop.Audiences.Services;

/// <param name="RecencyDays">Merchant-calendar days from the local date of the last paid order in the window to today.</param>
public sealed record RfmInput(string MemberId, long RecencyDays, long Frequency, long MonetaryFen);

public sealed record RfmScore(string MemberId, long RecencyDays, long Frequency, long MonetaryFen, int R, int F, int M, string Segment);

/// <summary>
/// Quintile scores: each member's rank among the scored members, in fifths, 5 the best (most
/// recent, most orders, most spent). Equal values share the score of their first rank, so ties
/// never split across a boundary and the scores do not depend on input order.
/// </summary>
public static class RfmScoring
{
    public static IReadOnlyList<RfmScore> Score(IReadOnlyList<RfmInput> inputs)
    {
        var r = Quintiles(inputs.Select(i => -i.RecencyDays).ToArray());
        var f = Quintiles(inputs.Select(i => i.Frequency).ToArray());
        var m = Quintiles(inputs.Select(i => i.MonetaryFen).ToArray());
        return inputs.Select((i, k) => new RfmScore(i.MemberId, i.RecencyDays, i.Frequency, i.MonetaryFen, r[k], f[k], m[k], RfmSegments.For(r[k], f[k], m[k]))).ToList();
    }

    /// <summary>1-5 by the rank of each value's first occurrence in ascending order (higher value, higher score).</summary>
    public static int[] Quintiles(long[] values)
    {
        var n = values.Length;
        var scores = new int[n];
        if (n == 0) return scores;
        var order = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
        var firstRank = 0;
        for (var rank = 0; rank < n; rank++)
        {
            if (rank > 0 && values[order[rank]] != values[order[rank - 1]]) firstRank = rank;
            scores[order[rank]] = 1 + (int)((long)firstRank * 5 / n);
        }
        return scores;
    }
}
