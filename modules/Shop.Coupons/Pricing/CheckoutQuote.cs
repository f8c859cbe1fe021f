namespace Shop.Coupons.Pricing;

/// <summary>A priced order and how each of the member's coupons fits it.</summary>
/// <param name="Wallet">Every usable coupon of the member: applied, or why not (judged on its own).</param>
public sealed record CheckoutQuote(PricingResult Price, IReadOnlyList<CouponFit> Wallet);

public static class CheckoutQuotes
{
    /// <summary>
    /// Prices <paramref name="request"/> with its coupons, or with <see cref="CouponPicker.Best"/>
    /// when <paramref name="bestForMe"/>, and judges every other coupon of the wallet on its own.
    /// </summary>
    public static CheckoutQuote Quote(PricingRequest request, IReadOnlyList<PricingCoupon> wallet, bool bestForMe)
    {
        var chosen = bestForMe ? CouponPicker.Best(request, wallet) : request.Coupons;
        var price = CheckoutPricing.Price(request with { Coupons = chosen });
        var byId = price.Coupons.GroupBy(f => f.Coupon.Id).ToDictionary(g => g.Key, g => g.First());
        var fits = wallet.Select(c => byId.TryGetValue(c.Id, out var fit) ? fit : Alone(request, c)).ToList();
        return new CheckoutQuote(price, fits);
    }

    private static CouponFit Alone(PricingRequest request, PricingCoupon coupon)
    {
        var fit = CheckoutPricing.Price(request with { Coupons = [coupon] }).Coupons.Single();
        return fit with { Applied = false };
    }
}
