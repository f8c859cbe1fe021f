using System.ComponentModel;

namespace Shop.Tiers.Models;

/// <summary>
/// How levels are kept (content type <c>tierProgram</c>; the latest published one applies,
/// <see cref="Default"/> when none is published).
/// </summary>
[Description("Review period and retention rule for levels.")]
public sealed class TierProgram
{
    public static readonly TierProgram Default = new();

    [Description("none, monthly, quarterly or yearly: how often levels are reviewed (merchant-local period starts).")]
    public string ReviewPeriod { get; set; } = ReviewPeriods.None;

    [Description("A level is kept when the growth earned in the last N months reaches its threshold; a new level is also held at least this long.")]
    public int RetentionMonths { get; set; } = 12;

    [Description("oneLevel: a failed review drops one level; toSupported: to the level the window's growth supports.")]
    public string DowngradeMode { get; set; } = DowngradeModes.OneLevel;
}

public static class ReviewPeriods
{
    public const string None = "none";
    public const string Monthly = "monthly";
    public const string Quarterly = "quarterly";
    public const string Yearly = "yearly";

    public static readonly string[] All = [None, Monthly, Quarterly, Yearly];
}

public static class DowngradeModes
{
    public const string OneLevel = "oneLevel";
    public const string ToSupported = "toSupported";

    public static readonly string[] All = [OneLevel, ToSupported];
}
