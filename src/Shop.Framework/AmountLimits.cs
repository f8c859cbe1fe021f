namespace Shop.Framework;

/// <summary>
/// The largest single amount anything may award, charge, adjust or set. Far past any real
/// programme or order, and small enough that no balance, sum or product of them leaves a long:
/// a grant of long.MaxValue points used to be accepted, and the member's next grant then failed
/// on PostgreSQL (bigint out of range) or turned the balance into a float on SQLite.
/// </summary>
public static class AmountLimits
{
    /// <summary>Points or growth in one award, charge, adjustment or setting: one billion.</summary>
    public const long MaxPoints = 1_000_000_000;

    /// <summary>Money in one amount: 100 million yuan, in fen.</summary>
    public const long MaxFen = 10_000_000_000;

    /// <summary>A cumulative figure a setting may name (a tier's growth threshold): a thousand maximal awards.</summary>
    public const long MaxTotal = MaxPoints * 1_000;
}
