namespace Shop.CheckIn.Models;

/// <summary>
/// The merchant's check-in rules, a content item (<c>checkInProgram</c>). The latest published
/// version applies; each record names the version that priced it.
/// </summary>
public sealed class CheckInProgram
{
    public string Title { get; set; } = "";

    /// <summary>Awarded for every check-in, normal or make-up.</summary>
    public long BasePoints { get; set; }

    public long BaseGrowth { get; set; }

    /// <summary>Extra reward on the day a streak reaches <see cref="StreakReward.Day"/> (normal check-ins only).</summary>
    public List<StreakReward> StreakRewards { get; set; } = [];

    /// <summary>
    /// 0: streak rewards pay once per streak. N &gt; 0: the schedule repeats every N days of a
    /// streak, so day 8 of a streak pays like day 1 when N is 7.
    /// </summary>
    public int StreakRepeatDays { get; set; }

    /// <summary>Extra reward when a check-in is the Nth of the member's current cycle.</summary>
    public List<CumulativeReward> CumulativeRewards { get; set; } = [];

    /// <summary>rolling (never resets), weekly (resets on Monday) or monthly (resets on the 1st).</summary>
    public string Cycle { get; set; } = CheckInCycles.Monthly;

    public MakeUpRules MakeUp { get; set; } = new();

    /// <summary>IANA zone whose local days count; empty means the merchant's zone.</summary>
    public string? TimeZone { get; set; }
}

public sealed class StreakReward
{
    public int Day { get; set; }
    public long Points { get; set; }
    public long Growth { get; set; }
}

public sealed class CumulativeReward
{
    public int Count { get; set; }
    public long Points { get; set; }
    public long Growth { get; set; }
}

public sealed class MakeUpRules
{
    public bool Enabled { get; set; }

    /// <summary>How many days before today may be made up (1 = yesterday only).</summary>
    public int MaxDaysBack { get; set; }

    /// <summary>Make-up check-ins allowed per cycle (per calendar month for a rolling cycle).</summary>
    public int MaxPerCycle { get; set; }

    /// <summary>Points spent for each make-up check-in.</summary>
    public long CostPoints { get; set; }
}

public static class CheckInCycles
{
    public const string Rolling = "rolling";
    public const string Weekly = "weekly";
    public const string Monthly = "monthly";

    public static readonly string[] All = [Rolling, Weekly, Monthly];
}
