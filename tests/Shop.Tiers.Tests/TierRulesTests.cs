using Shop.Tiers.Models;
using Shop.Tiers.Services;

namespace Shop.Tiers.Tests;

public class TierRulesTests
{
    private static readonly IReadOnlyList<Tier> Ladder =
    [
        new() { Level = 1, Name = "普通会员", Threshold = 0 },
        new() { Level = 2, Name = "白银会员", Threshold = 500 },
        new() { Level = 3, Name = "黄金会员", Threshold = 2000 },
        new() { Level = 4, Name = "铂金会员", Threshold = 5000 },
    ];

    [Theory]
    [InlineData(0, 1)]
    [InlineData(499, 1)]
    [InlineData(500, 2)] // reaching the threshold is enough
    [InlineData(1999, 2)]
    [InlineData(2000, 3)]
    [InlineData(1_000_000, 4)]
    [InlineData(-10, 0)] // below the lowest threshold: no tier
    public void Level_is_the_highest_whose_threshold_is_reached(long growth, int level) =>
        Assert.Equal(level, TierRules.LevelFor(growth, Ladder));

    [Fact]
    public void Without_a_zero_threshold_new_members_have_level_zero() =>
        Assert.Equal(0, TierRules.LevelFor(0, Ladder.Skip(1).ToList()));

    [Theory]
    [InlineData(4, 5000, DowngradeModes.OneLevel, 4)] // threshold earned in the window: kept
    [InlineData(4, 4999, DowngradeModes.OneLevel, 3)]
    [InlineData(4, 600, DowngradeModes.OneLevel, 3)] // one level, whatever the window supports
    [InlineData(4, 600, DowngradeModes.ToSupported, 2)]
    [InlineData(4, 0, DowngradeModes.ToSupported, 1)]
    [InlineData(3, 1999, DowngradeModes.ToSupported, 2)]
    [InlineData(2, 0, DowngradeModes.OneLevel, 1)]
    [InlineData(1, 0, DowngradeModes.OneLevel, 1)] // the threshold-0 level is always kept
    public void Review_keeps_or_lowers_the_level(int current, long windowGrowth, string mode, int expected) =>
        Assert.Equal(expected, TierRules.ReviewedLevel(current, windowGrowth, Ladder, mode));

    [Theory]
    [InlineData(100, 10_000, 0, 10_000, 100)] // full refund at once: all of it
    [InlineData(100, 10_000, 0, 3_333, 33)] // a third, rounded down
    [InlineData(100, 10_000, 3_333, 6_666, 33)]
    [InlineData(100, 10_000, 6_666, 10_000, 34)] // the last refund takes exactly what is left: 33 + 33 + 34 = 100
    [InlineData(7, 999, 0, 500, 3)]
    [InlineData(7, 999, 500, 999, 4)]
    [InlineData(0, 10_000, 0, 10_000, 0)]
    [InlineData(100, 10_000, 0, 20_000, 100)] // over-refunds never take back more than the order earned
    public void Refunds_reverse_proportionally_and_cumulatively(long growth, long goods, long before, long after, long expected) =>
        Assert.Equal(expected, TierRules.RefundReversal(growth, goods, before, after));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(99, 0)] // less than a yuan earns nothing
    [InlineData(12_345, 123)]
    public void Order_growth_is_whole_yuan_rounded_down(long goodsFen, long growth) =>
        Assert.Equal(growth, TierRules.GrowthForOrder(goodsFen));

    [Theory]
    [InlineData(5, 9000, null)] // above the top
    [InlineData(1, 0, "level")]
    [InlineData(2, 600, "level")] // level already published
    [InlineData(5, 5000, "threshold")] // equal to the level below: not strictly increasing
    [InlineData(5, 4000, "threshold")]
    public void Publishing_checks_the_ladder(int level, long threshold, string? field)
    {
        var errors = TierRules.CheckLadder(Ladder, new Tier { Level = level, Name = "x", Threshold = threshold });
        Assert.Equal(field, errors.SingleOrDefault()?.Field);
    }

    [Fact]
    public void A_level_between_two_must_fit_between_their_thresholds()
    {
        var gapped = Ladder.Where(t => t.Level != 3).ToList();
        Assert.Empty(TierRules.CheckLadder(gapped, new Tier { Level = 3, Name = "x", Threshold = 1000 }));
        Assert.Equal("threshold", TierRules.CheckLadder(gapped, new Tier { Level = 3, Name = "x", Threshold = 5000 }).Single().Field);
        Assert.Equal("threshold", TierRules.CheckLadder(gapped, new Tier { Level = 3, Name = "x", Threshold = 500 }).Single().Field);
    }

    [Theory]
    [InlineData(150, "黄金会员 ×1.5")]
    [InlineData(125, "黄金会员 ×1.25")]
    [InlineData(200, "黄金会员 ×2")]
    public void Multiplier_label(int percent, string label) => Assert.Equal(label, TierRules.MultiplierLabel("黄金会员", percent));

    [Theory]
    [InlineData("2026-01-10", 1, ReviewPeriods.Monthly, "2026-03-01")]
    [InlineData("2026-01-01", 1, ReviewPeriods.Monthly, "2026-02-01")] // a boundary is its own period start
    [InlineData("2026-01-10", 12, ReviewPeriods.Yearly, "2028-01-01")]
    [InlineData("2026-11-23", 3, ReviewPeriods.Quarterly, "2027-04-01")] // 2027-02-23, then the next quarter start
    public void First_review_comes_after_the_retention_window(string since, int months, string period, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), TierRules.FirstReview(DateOnly.Parse(since), months, period));
    }
}
