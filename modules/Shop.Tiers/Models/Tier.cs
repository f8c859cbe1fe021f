using System.ComponentModel;

namespace Shop.Tiers.Models;

/// <summary>
/// A membership level (content type <c>tier</c>). Only published tiers apply; across them
/// levels are unique and thresholds strictly increase with the level.
/// </summary>
[Description("A membership level and what it gives.")]
public sealed class Tier
{
    [Description("1 is the lowest level; higher numbers are higher levels.")]
    public int Level { get; set; }

    public string Name { get; set; } = "";

    [Description("Growth value at which a member reaches this level.")]
    public long Threshold { get; set; }

    public TierBenefits Benefits { get; set; } = new();

    public string? Description { get; set; }
}

[Description("What a level gives its members.")]
public sealed class TierBenefits
{
    [Description("Percent off goods at checkout, 0-100 (0 = none).")]
    public int DiscountPercent { get; set; }

    [Description("Points earning multiplier in percent: 100 = ×1, 150 = ×1.5.")]
    public int PointsMultiplierPercent { get; set; } = 100;

    public bool FreeShipping { get; set; }

    [Description("Points granted once when a member first reaches this level.")]
    public long UpgradeGiftPoints { get; set; }

    [Description("Points granted on the member's birthday (merchant-local day), once a year.")]
    public long BirthdayPoints { get; set; }
}
