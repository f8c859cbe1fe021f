using Microsoft.Extensions.Time.Testing;
using Shop.Framework;
using Shop.Framework.Time;
using Shop.Members.Models;
using Shop.Points.Models;
using Shop.Points.Services;

namespace Shop.Points.Tests;

public class PointsRulesTests
{
    [Theory]
    [InlineData(1999, 1, "floor", 19)]
    [InlineData(1999, 1, "round", 20)]
    [InlineData(1999, 1, "ceil", 20)]
    [InlineData(1949, 1, "round", 19)]
    [InlineData(1950, 1, "round", 20)] // half rounds up
    [InlineData(2000, 1, "ceil", 20)] // exact stays exact
    [InlineData(99, 1, "floor", 0)]
    [InlineData(99, 1, "ceil", 1)]
    [InlineData(12345, 3, "floor", 370)]
    public void A_line_earns_cash_times_rate_rounded_once(long fen, int perYuan, string rounding, long expected) =>
        Assert.Equal(expected, PointsRules.LinePoints(fen, perYuan, 100, 100, rounding));

    [Theory]
    [InlineData(10000, 200, 100, 200)] // category ×2
    [InlineData(10000, 100, 150, 150)] // tier ×1.5
    [InlineData(10000, 200, 150, 300)] // both multiply
    [InlineData(999, 150, 150, 22)] // 9.99 × 2.25 = 22.4775, rounded once (floor), not per step
    [InlineData(0, 200, 150, 0)]
    public void Multipliers_apply_before_rounding(long fen, int categoryPercent, int tierPercent, long expected) =>
        Assert.Equal(expected, PointsRules.LinePoints(fen, 1, categoryPercent, tierPercent, "floor"));

    // The validators' limits: a line of AmountLimits.MaxFen, 10,000 points per yuan, a ×100
    // category and a ×10 tier. The product is about 10^21 and used to wrap around in a long.
    [Theory]
    [InlineData(AmountLimits.MaxFen, 10_000, 10_000, 1_000, "floor", AmountLimits.MaxPoints)]
    [InlineData(AmountLimits.MaxFen, 10_000, 10_000, 1_000, "round", AmountLimits.MaxPoints)]
    [InlineData(AmountLimits.MaxFen, 10_000, 10_000, 1_000, "ceil", AmountLimits.MaxPoints)]
    [InlineData(AmountLimits.MaxFen, 10_000, 100, 100, "floor", AmountLimits.MaxPoints)] // 10^12 points: capped at one award
    [InlineData(AmountLimits.MaxFen, 1, 100, 100, "floor", 100_000_000)] // 100 million yuan at 1 per yuan: under the cap
    [InlineData(AmountLimits.MaxFen / 100_000, 1_000, 10_000, 1_000, "floor", AmountLimits.MaxPoints)] // exactly 10^9
    [InlineData(1, 10_000, 10_000, 1_000, "round", 100_000)] // one fen at every maximum
    public void A_line_at_the_validated_maximums_earns_exactly_and_at_most_one_award(long fen, int perYuan, int categoryPercent, int tierPercent, string rounding, long expected) =>
        Assert.Equal(expected, PointsRules.LinePoints(fen, perYuan, categoryPercent, tierPercent, rounding));

    [Fact]
    public void A_line_in_several_categories_uses_the_highest_multiplier_and_exclusions_win()
    {
        var program = new PointsProgram
        {
            CategoryMultipliers = [new() { CategoryId = "a", Percent = 150 }, new() { CategoryId = "b", Percent = 300 }],
            ExcludedCategoryIds = ["x"],
            ExcludedSkus = ["GIFT"],
        };
        Assert.Equal(300, PointsRules.CategoryPercent(program, ["a", "b"]));
        Assert.Equal(100, PointsRules.CategoryPercent(program, ["c"]));
        Assert.True(PointsRules.Excluded(program, "SKU1", ["a", "x"]));
        Assert.True(PointsRules.Excluded(program, "GIFT", []));
        Assert.False(PointsRules.Excluded(program, "SKU1", ["a"]));
    }

    [Theory]
    [InlineData(100, 0, 0, 0, 0, 100)] // no caps
    [InlineData(100, 150, 80, 0, 0, 70)] // daily cap leaves 70
    [InlineData(100, 150, 200, 0, 0, 0)] // already over the daily cap
    [InlineData(100, 0, 0, 1000, 950, 50)] // monthly cap leaves 50
    [InlineData(100, 150, 100, 1000, 980, 20)] // the tighter cap wins
    public void Caps_limit_what_an_order_earns(long wanted, long daily, long today, long monthly, long month, long expected) =>
        Assert.Equal(expected, PointsRules.CapAllowance(wanted, daily, today, monthly, month));

    [Theory]
    [InlineData(100, new long[] { 1, 1, 1 }, new long[] { 34, 33, 33 })]
    [InlineData(100, new long[] { 5000, 3000, 2000 }, new long[] { 50, 30, 20 })]
    [InlineData(7, new long[] { 1000, 1000, 1 }, new long[] { 4, 3, 0 })]
    [InlineData(500, new long[] { 0, 0 }, new long[] { 250, 250 })] // no cash: even split
    [InlineData(1, new long[] { 3333, 6667 }, new long[] { 0, 1 })]
    [InlineData(0, new long[] { 10, 20 }, new long[] { 0, 0 })]
    public void Allocation_is_proportional_by_largest_remainder_and_adds_up(long total, long[] weights, long[] expected)
    {
        var parts = PointsRules.Allocate(total, weights);
        Assert.Equal(expected, parts);
        Assert.Equal(total, parts.Sum());
    }

    [Theory]
    [InlineData(new long[] { 3000, 3000, 4000 })]
    [InlineData(new long[] { 1, 1, 9998 })]
    [InlineData(new long[] { 3333, 3333, 3334 })]
    [InlineData(new long[] { 10000 })]
    public void Partial_refunds_add_up_to_exactly_the_total(long[] refunds)
    {
        const long earned = 97, whole = 10000;
        long before = 0, reversed = 0;
        foreach (var refund in refunds)
        {
            reversed += PointsRules.CumulativeShare(earned, before + refund, whole) - PointsRules.CumulativeShare(earned, before, whole);
            before += refund;
        }
        Assert.Equal(earned, reversed);
    }

    [Theory]
    // Asia/Shanghai is UTC+8: local midnight is 16:00Z the day before.
    [InlineData("days", 30, "2026-11-23T15:59:59Z", "2026-12-23T16:00:00Z")] // local 23 Nov 23:59 → valid through 23 Dec
    [InlineData("days", 30, "2026-11-23T16:00:00Z", "2026-12-24T16:00:00Z")] // local 24 Nov 00:00 → valid through 24 Dec
    [InlineData("endOfMonth", 0, "2026-11-30T15:59:59Z", "2026-11-30T16:00:00Z")] // last second of November locally
    [InlineData("endOfMonth", 0, "2026-11-30T16:00:00Z", "2026-12-31T16:00:00Z")] // already 1 December locally
    [InlineData("endOfMonth", 0, "2027-02-10T00:00:00Z", "2027-02-28T16:00:00Z")]
    [InlineData("endOfYear", 0, "2026-12-31T15:59:59Z", "2026-12-31T16:00:00Z")]
    [InlineData("endOfYear", 0, "2026-12-31T16:00:00Z", "2027-12-31T16:00:00Z")] // 1 Jan 2027 locally
    public void Expiry_is_the_end_of_a_merchant_local_day_month_or_year(string policy, int days, string earnedUtc, string expiresUtc)
    {
        var calendar = Shanghai();
        var program = new PointsProgram { ExpiryPolicy = policy, ExpiryDays = days == 0 ? 1 : days };
        var expires = PointsRules.ExpiresAt(program, calendar, DateTimeOffset.Parse(earnedUtc).ToUnixTimeMilliseconds());
        Assert.Equal(DateTimeOffset.Parse(expiresUtc).ToUnixTimeMilliseconds(), expires);
    }

    [Fact]
    public void Spends_draw_the_earliest_expiry_first_and_never_expiring_points_last()
    {
        static PointsLot Lot(string id, long? expiresAt, long createdAt) =>
            new() { Id = id, MemberId = "m", EntryId = "e", Original = 1, Remaining = 1, ExpiresAt = expiresAt, State = "active", CreatedAt = createdAt };
        var lots = new[] { Lot("never-old", null, 1), Lot("late", 900, 2), Lot("soon-b", 500, 3), Lot("never-new", null, 4), Lot("soon-a", 500, 3), Lot("soon-older", 500, 2) };

        Assert.Equal(["soon-older", "soon-a", "soon-b", "late", "never-old", "never-new"], PointsRules.DrawOrder(lots).Select(l => l.Id));
    }

    [Fact]
    public void Never_expiring_points_have_no_expiry() =>
        Assert.Null(PointsRules.ExpiresAt(new PointsProgram { ExpiryPolicy = "never" }, Shanghai(), 0));

    [Theory]
    [InlineData(300, 10000, null)]
    [InlineData(250, 10000, "POINTS_STEP")]
    [InlineData(10000, 10000, null)] // 100 yuan of points on 100 yuan cash: exactly 50 %
    [InlineData(10100, 10000, "POINTS_SHARE_EXCEEDED")]
    [InlineData(100, 0, "POINTS_SHARE_EXCEEDED")] // points may not pay the whole order
    public void Checkout_deduction_rules(long points, long cashFen, string? code)
    {
        var order = new Order
        {
            OrderId = "o", MemberId = "m", Status = "placed", PointsUsed = points,
            Lines = [new OrderLine("l1", "SKU", [], 1, cashFen)],
        };
        Assert.Equal(code, OrderPointsParticipant.CheckRules(order, new PointsProgram())?.Code);
    }

    [Fact]
    public void The_programme_validator_names_the_faulty_fields()
    {
        var result = new PointsProgramValidator().Validate(new PointsProgram
        {
            Rounding = "up", ExpiryPolicy = "sometimes", Clawback = "maybe", DeductionStep = 1, DeductionPointsPerYuan = 3,
            CategoryMultipliers = [new() { CategoryId = "", Percent = -1 }],
        });
        var fields = result.Errors.Select(e => e.PropertyName).ToHashSet();
        Assert.Contains("Rounding", fields);
        Assert.Contains("ExpiryPolicy", fields);
        Assert.Contains("Clawback", fields);
        Assert.Contains("DeductionStep", fields);
        Assert.Contains("CategoryMultipliers[0].CategoryId", fields);
        Assert.Contains("CategoryMultipliers[0].Percent", fields);
        Assert.True(new PointsProgramValidator().Validate(new PointsProgram()).IsValid);
    }

    private static MerchantCalendar Shanghai()
    {
        Assert.True(MerchantCalendar.TryFindZone("Asia/Shanghai", out var zone));
        return new MerchantCalendar(new FakeTimeProvider(), zone);
    }
}
