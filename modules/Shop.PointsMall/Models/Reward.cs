using System.ComponentModel;

namespace Shop.PointsMall.Models;

/// <summary>
/// A reward of the points mall (content type <c>reward</c>): what it is, what it costs and who
/// may have it. Versioned with draft and publish; the published version is what members redeem.
/// Stock and counts are hot state in the module's own tables, not in this item.
/// </summary>
[Description("A reward of the points mall, bought with points (and optionally cash).")]
public sealed class Reward
{
    public string Title { get; set; } = "";

    public string? Description { get; set; }

    [Description("goods (shipped by the merchant), coupon (a coupon template issued at once) or virtual (a code from a pool the merchant uploads).")]
    public string Kind { get; set; } = RewardKinds.Goods;

    [Description("The coupon template issued, for kind coupon; empty otherwise.")]
    public string? CouponTemplateId { get; set; }

    [Description("Points per unit, > 0.")]
    public long PointsPrice { get; set; }

    [Description("Cash per unit in fen on top of the points (0 = points only); collected by the merchant's checkout.")]
    public long CashFen { get; set; }

    [Description("Stock when the reward is first published; afterwards stock changes only through rewardStockAdjust.")]
    public long InitialStock { get; set; }

    [Description("Units one member may redeem over the reward's life; 0 = no limit.")]
    public int PerMemberLimit { get; set; }

    [Description("Units one member may redeem per merchant-local day; 0 = no limit.")]
    public int PerMemberDailyLimit { get; set; }

    [Description("Redeemable from this instant (inclusive); null = since publishing.")]
    public DateTimeOffset? AvailableFrom { get; set; }

    [Description("Redeemable until this instant (exclusive); null = no end.")]
    public DateTimeOffset? AvailableUntil { get; set; }

    [Description("Lowest membership level that may redeem; 0 = everyone.")]
    public int MinTierLevel { get; set; }

    [Description("Only members of this audience may redeem; empty = everyone.")]
    public string? AudienceId { get; set; }

    public string? Category { get; set; }

    [Description("Absolute http(s) URLs, the first is the cover.")]
    public List<string> ImageUrls { get; set; } = [];
}

public static class RewardKinds
{
    public const string Goods = "goods";
    public const string Coupon = "coupon";
    public const string Virtual = "virtual";

    public static readonly string[] All = [Goods, Coupon, Virtual];
}
