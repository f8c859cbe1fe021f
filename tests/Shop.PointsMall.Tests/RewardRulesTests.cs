using Shop.Framework.Time;
using Shop.PointsMall.Models;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.Tests;

/// <summary>The pure rules: window, who may, limits math, the counting day and the order of reasons.</summary>
public class RewardRulesTests
{
    private static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2026-11-23T12:00:00+08:00");

    private static Reward Flask(Action<Reward>? change = null)
    {
        var reward = new Reward { Title = "Flask", Kind = RewardKinds.Goods, PointsPrice = 100, InitialStock = 10 };
        change?.Invoke(reward);
        return reward;
    }

    private static RedeemSituation Situation(int level = 0, bool inAudience = false, long stock = 10, long life = 0, long today = 0, long balance = 1_000) =>
        new(Noon.ToUnixTimeMilliseconds(), level, inAudience, stock, life, today, balance);

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("2026-11-23T12:00:00+08:00", null, true)] // from is inclusive
    [InlineData("2026-11-23T12:00:01+08:00", null, false)]
    [InlineData(null, "2026-11-23T12:00:00+08:00", false)] // until is exclusive
    [InlineData(null, "2026-11-23T12:00:01+08:00", true)]
    [InlineData("2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00", true)]
    public void The_window_includes_its_start_and_excludes_its_end(string? from, string? until, bool open) =>
        Assert.Equal(open, RewardRules.InWindow(Flask(r =>
        {
            r.AvailableFrom = from is null ? null : DateTimeOffset.Parse(from);
            r.AvailableUntil = until is null ? null : DateTimeOffset.Parse(until);
        }), Noon.ToUnixTimeMilliseconds()));

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(2, 1, "NOT_ELIGIBLE")]
    [InlineData(2, 2, null)]
    [InlineData(2, 5, null)]
    public void The_tier_minimum_admits_that_level_and_above(int minimum, int level, string? expected) =>
        Assert.Equal(expected, RewardRules.EligibilityRefusal(Flask(r => r.MinTierLevel = minimum), level, inAudience: false));

    [Theory]
    [InlineData(null, false, null)]
    [InlineData("aud-1", false, "NOT_ELIGIBLE")]
    [InlineData("aud-1", true, null)]
    [InlineData("aud-1", null, "NOT_AVAILABLE")] // the audience index cannot say: not now, rather than not for you
    [InlineData(null, null, null)]
    public void An_audience_admits_its_members_only(string? audience, bool? member, string? expected) =>
        Assert.Equal(expected, RewardRules.EligibilityRefusal(Flask(r => r.AudienceId = audience), 0, member));

    [Fact]
    public void Below_the_tier_minimum_is_not_eligible_even_when_the_audience_cannot_be_checked() =>
        Assert.Equal("NOT_ELIGIBLE", RewardRules.EligibilityRefusal(Flask(r => { r.AudienceId = "aud-1"; r.MinTierLevel = 2; }), 1, null));

    [Theory]
    [InlineData(0, 1_000, 50, true)] // 0 = no limit
    [InlineData(3, 0, 3, true)]
    [InlineData(3, 2, 1, true)]
    [InlineData(3, 2, 2, false)]
    [InlineData(3, 3, 1, false)]
    public void A_limit_counts_units_already_redeemed_plus_those_asked_for(int limit, long used, int quantity, bool within) =>
        Assert.Equal(within, RewardRules.WithinLimit(limit, used, quantity));

    [Theory]
    [InlineData(0, 0, 0, 0, null)]
    [InlineData(2, 0, 1, 0, null)]
    [InlineData(2, 0, 2, 0, "LIMIT_REACHED")]
    [InlineData(0, 1, 5, 0, null)]
    [InlineData(0, 1, 5, 1, "LIMIT_REACHED")]
    [InlineData(5, 2, 3, 1, null)]
    [InlineData(5, 2, 3, 2, "LIMIT_REACHED")]
    [InlineData(5, 2, 5, 0, "LIMIT_REACHED")]
    public void Lifetime_and_daily_limits_both_apply(int life, int daily, long usedLife, long usedToday, string? expected) =>
        Assert.Equal(expected, RewardRules.LimitRefusal(Flask(r => { r.PerMemberLimit = life; r.PerMemberDailyLimit = daily; }), usedLife, usedToday, 1));

    [Theory]
    [InlineData("2026-11-23T15:59:59Z", "2026-11-23")] // 23:59:59 in Asia/Shanghai
    [InlineData("2026-11-23T16:00:00Z", "2026-11-24")] // midnight in Asia/Shanghai, same UTC date
    [InlineData("2026-11-23T00:00:00Z", "2026-11-23")]
    public void The_daily_limit_counts_the_merchants_local_day(string utc, string expectedDay)
    {
        var calendar = new MerchantCalendar(TimeProvider.System, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        Assert.Equal(expectedDay, RewardRules.CountingDay(calendar, DateTimeOffset.Parse(utc).ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void The_day_follows_the_configured_zone_not_utc()
    {
        var newYork = new MerchantCalendar(TimeProvider.System, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        Assert.Equal("2026-11-23", RewardRules.CountingDay(newYork, DateTimeOffset.Parse("2026-11-24T04:59:59Z").ToUnixTimeMilliseconds()));
        Assert.Equal("2026-11-24", RewardRules.CountingDay(newYork, DateTimeOffset.Parse("2026-11-24T05:00:00Z").ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void Reasons_come_in_the_order_a_member_can_act_on_them()
    {
        var everything = Flask(r => { r.AvailableUntil = Noon; r.MinTierLevel = 2; r.PerMemberLimit = 1; });
        var worst = Situation(level: 1, stock: 0, life: 1, balance: 0);

        Assert.Equal("NOT_AVAILABLE", RewardRules.Refusal(everything, worst));
        everything.AvailableUntil = null;
        Assert.Equal("NOT_ELIGIBLE", RewardRules.Refusal(everything, worst));
        Assert.Equal("OUT_OF_STOCK", RewardRules.Refusal(everything, worst with { MemberLevel = 2 }));
        Assert.Equal("LIMIT_REACHED", RewardRules.Refusal(everything, worst with { MemberLevel = 2, StockLeft = 1 }));
        Assert.Equal("INSUFFICIENT_POINTS", RewardRules.Refusal(everything, worst with { MemberLevel = 2, StockLeft = 1, RedeemedLife = 0 }));
        Assert.Null(RewardRules.Refusal(everything, worst with { MemberLevel = 2, StockLeft = 1, RedeemedLife = 0, Balance = 100 }));
    }

    [Theory]
    [InlineData(RewardKinds.Goods, 5, 0, 5)]
    [InlineData(RewardKinds.Coupon, 5, 0, 5)]
    [InlineData(RewardKinds.Virtual, 5, 0, 0)] // an empty code pool: nothing to hand over
    [InlineData(RewardKinds.Virtual, 5, 3, 3)]
    [InlineData(RewardKinds.Virtual, 2, 3, 2)]
    public void A_virtual_reward_has_no_more_units_than_free_codes(string kind, long stock, long freeCodes, long units) =>
        Assert.Equal(units, RewardRules.UnitsLeft(Flask(r => r.Kind = kind), stock, freeCodes));

    [Fact]
    public void A_coupon_reward_is_not_available_without_a_coupon_issuer()
    {
        var coupon = Flask(r => r.Kind = RewardKinds.Coupon);

        Assert.Equal("NOT_AVAILABLE", RewardRules.Refusal(coupon, Situation() with { CanIssueCoupons = false }));
        Assert.Null(RewardRules.Refusal(coupon, Situation()));
        Assert.Null(RewardRules.Refusal(Flask(), Situation() with { CanIssueCoupons = false }));
    }

    [Fact]
    public void The_price_is_per_unit()
    {
        var reward = Flask(r => { r.PointsPrice = 250; r.CashFen = 990; });
        Assert.Equal(750, RewardRules.Price(reward, 3));
        Assert.Equal(2_970, RewardRules.Cash(reward, 3));
        Assert.Equal("INSUFFICIENT_POINTS", RewardRules.Refusal(reward, Situation(balance: 749), 3));
        Assert.Null(RewardRules.Refusal(reward, Situation(balance: 750), 3));
    }
}
