using Shop.PointsMall.Models;

namespace Shop.PointsMall.Tests;

public class RewardValidatorTests
{
    private static readonly RewardValidator Validator = new();

    private static IReadOnlyList<string> Errors(Action<Reward> change)
    {
        var reward = new Reward { Title = "Flask", Kind = RewardKinds.Goods, PointsPrice = 100, InitialStock = 10 };
        change(reward);
        return Validator.Validate(reward).Errors.Select(e => e.PropertyName).ToList();
    }

    [Fact]
    public void A_plain_goods_reward_is_valid() => Assert.Empty(Errors(_ => { }));

    [Theory]
    [InlineData("title")]
    [InlineData("kind")]
    [InlineData("price")]
    [InlineData("cash")]
    [InlineData("stock")]
    [InlineData("window")]
    [InlineData("daily")]
    [InlineData("image")]
    [InlineData("couponWithoutTemplate")]
    [InlineData("templateOnGoods")]
    public void Each_rule_refuses_its_field(string broken)
    {
        var errors = Errors(r =>
        {
            switch (broken)
            {
                case "title": r.Title = ""; break;
                case "kind": r.Kind = "service"; break;
                case "price": r.PointsPrice = 0; break;
                case "cash": r.CashFen = -1; break;
                case "stock": r.InitialStock = -5; break;
                case "window": r.AvailableFrom = DateTimeOffset.Parse("2026-12-01T00:00:00Z"); r.AvailableUntil = DateTimeOffset.Parse("2026-11-01T00:00:00Z"); break;
                case "daily": r.PerMemberLimit = 1; r.PerMemberDailyLimit = 2; break;
                case "image": r.ImageUrls = ["ftp://example.com/a.jpg"]; break;
                case "couponWithoutTemplate": r.Kind = RewardKinds.Coupon; break;
                case "templateOnGoods": r.CouponTemplateId = "tpl-1"; break;
            }
        });
        Assert.NotEmpty(errors);
    }
}
