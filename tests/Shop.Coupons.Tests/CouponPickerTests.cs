using Shop.Coupons.Pricing;
using static Shop.Coupons.Tests.PricingGoldenTests;

namespace Shop.Coupons.Tests;

/// <summary>"Best for me": which of the member's coupons <see cref="CouponPicker"/> picks for an order.</summary>
public sealed class CouponPickerTests
{
    private static PricingRequest Order(long[] amounts, long shipping = 0, long points = 0, PointsTerms? terms = null) =>
        new(amounts.Select((a, i) => Line(((char)('a' + i)).ToString(), a)).ToList(), shipping, TierTerms.None, [], points, terms ?? PointsTerms.None, Now);

    private static string[] Pick(PricingRequest request, params PricingCoupon[] wallet) =>
        CouponPicker.Best(request, wallet).Select(c => c.Id).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void An_exclusive_group_does_not_trap_the_pick_in_its_largest_coupon()
    {
        // B alone saves most (¥100), but B + C saves ¥130 while A + C saves ¥150.
        var request = Order([200_00]);
        PricingCoupon[] wallet = [Percent("B", 50, stack: true, group: "g"), Cash("A", 90_00, stack: true, group: "g"), Cash("C", 60_00, stack: true)];

        Assert.Equal(["A", "C"], Pick(request, wallet));
        Assert.Equal(50_00, CheckoutPricing.Price(request with { Coupons = CouponPicker.Best(request, wallet) }).TotalFen);
    }

    [Fact]
    public void Stackable_coupons_together_beat_a_larger_one_that_stands_alone()
    {
        var request = Order([300_00]);

        Assert.Equal(["s1", "s2"], Pick(request, Minus("alone", 200_00, 50_00), Cash("s1", 30_00, stack: true), Cash("s2", 25_00, stack: true)));
        Assert.Equal(["alone"], Pick(request, Minus("alone", 200_00, 60_00), Cash("s1", 30_00, stack: true), Cash("s2", 25_00, stack: true)));
    }

    [Fact]
    public void Different_exclusive_groups_stack_and_one_group_gives_one_coupon()
    {
        var request = Order([300_00]);

        Assert.Equal(["x1", "y1"], Pick(request,
            Cash("x1", 20_00, stack: true, group: "x"), Cash("x2", 10_00, stack: true, group: "x"), Cash("y1", 15_00, stack: true, group: "y")));
    }

    [Fact]
    public void Free_shipping_comes_with_the_goods_coupons()
    {
        var request = Order([200_00], shipping: 10_00);

        Assert.Equal(["m", "s"], Pick(request, Minus("m", 199_00, 30_00, stack: true), Ship("s")));
        // A coupon that does not stack keeps shipping to pay when it saves more than the pair.
        Assert.Equal(["big"], Pick(request, Minus("big", 199_00, 50_00), Minus("m", 199_00, 30_00, stack: true), Ship("s")));
    }

    [Fact]
    public void Ties_go_to_fewer_coupons_then_to_the_one_expiring_first()
    {
        var request = Order([300_00]);

        Assert.Equal(["one"], Pick(request, Cash("one", 30_00), Cash("p1", 20_00, stack: true), Cash("p2", 10_00, stack: true)));
        Assert.Equal(["soon"], Pick(request, Cash("late", 30_00) with { ValidUntil = Now + 2_000 }, Cash("soon", 30_00) with { ValidUntil = Now + 1_000 }));
    }

    [Fact]
    public void A_wallet_beyond_the_exact_search_still_stacks_every_coupon_greedily()
    {
        var wallet = Enumerable.Range(1, CouponPicker.ExactSearchLimit + 2).Select(i => Cash($"c{i:00}", i * 1_00, stack: true)).ToArray();

        Assert.Equal(wallet.Select(c => c.Id).ToArray(), Pick(Order([1_000_00]), wallet));
    }

    [Fact]
    public void A_coupon_that_gets_the_requested_points_refused_loses_to_no_coupon()
    {
        // ¥100 of goods, points may pay half: 5,000 points (¥50) fit only while no coupon lowers the goods.
        var request = Order([100_00], points: 5_000, terms: Wallet(10_000));
        PricingCoupon[] wallet = [Cash("c", 10_00)];

        Assert.Empty(Pick(request, wallet));
        var quote = CheckoutQuotes.Quote(request, wallet, bestForMe: true).Price;
        Assert.Equal(50_00, quote.TotalFen);
        Assert.Equal(5_000, quote.PointsUsed);
        Assert.Empty(quote.Errors);
    }

    [Fact]
    public void Coupons_and_points_both_apply_when_the_share_still_holds()
    {
        var request = Order([200_00], points: 5_000, terms: Wallet(10_000));

        Assert.Equal(["c"], Pick(request, Cash("c", 10_00)));
        // A coupon that forbids points is refused while points are asked for, so it is never picked.
        Assert.Equal(["c"], Pick(request, Cash("c", 10_00), Minus("no-points", 0, 30_00, points: false)));
    }
}
