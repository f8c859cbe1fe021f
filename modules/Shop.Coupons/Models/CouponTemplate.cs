using System.ComponentModel;

namespace Shop.Coupons.Models;

/// <summary>
/// A coupon template (content type <c>couponTemplate</c>): what its coupons take off, how long
/// they are valid, who may get them through which channels and how many exist. Coupons copy
/// <see cref="Rules"/> and their validity when issued.
/// </summary>
[Description("A coupon template: rules, validity, quantity, limits and issue channels.")]
public sealed class CouponTemplate
{
    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public CouponRules Rules { get; set; } = new();

    public CouponValidity Validity { get; set; } = new();

    [Description("Claim centre opens (inclusive); null = as soon as published.")]
    public DateTimeOffset? ClaimFrom { get; set; }

    [Description("Claim centre closes (exclusive); null = never.")]
    public DateTimeOffset? ClaimUntil { get; set; }

    [Description("Coupons that may ever be issued from this template; 0 = unlimited.")]
    public long TotalQuantity { get; set; }

    [Description("Coupons one member may ever receive from this template; 0 = unlimited.")]
    public int PerMemberLimit { get; set; } = 1;

    [Description("Lowest tier level that may receive it; 0 = every member.")]
    public int TierMinimum { get; set; }

    [Description("Only members of this audience may receive it; null = everyone.")]
    public string? AudienceId { get; set; }

    [Description("How its coupons may be issued: claim, registration, spend, tierUpgrade, push, audience, mall.")]
    public List<string> Channels { get; set; } = [CouponChannels.Claim];

    [Description("For the spend channel: an order paying at least this much (fen, goods) earns one coupon.")]
    public long SpendGiftMinimumFen { get; set; }

    [Description("For the tierUpgrade channel: issued when a member first reaches this level; 0 = on every upgrade.")]
    public int TierUpgradeLevel { get; set; }
}

public static class ValidityModes
{
    /// <summary>Valid between two fixed instants.</summary>
    public const string Fixed = "fixed";

    /// <summary>Valid for N merchant-local days from the day it was issued (or from the next day).</summary>
    public const string Relative = "relative";

    public static readonly string[] All = [Fixed, Relative];
}

[Description("How long an issued coupon is valid.")]
public sealed class CouponValidity
{
    [Description("fixed (from/until) or relative (days from issue).")]
    public string Mode { get; set; } = ValidityModes.Relative;

    public DateTimeOffset? From { get; set; }

    public DateTimeOffset? Until { get; set; }

    [Description("For relative: number of merchant-local days the coupon is valid, counting the first day.")]
    public int Days { get; set; } = 7;

    [Description("For relative: validity starts at the next local midnight instead of at issue.")]
    public bool StartNextDay { get; set; }
}
