using Shop.Framework.Data;
using Shop.Coupons.Models;
using Shop.Coupons.Pricing;
using Shop.Framework.GraphQL;
using Shop.Members.Models;
using Shop.Points.Services;
using Shop.Tiers.Services;

namespace Shop.Coupons.Services;

public sealed record CheckoutQuoteRequest(IReadOnlyList<PricingLine> Lines, long ShippingFeeFen, IReadOnlyList<string>? CouponIds, long PointsToUse);

/// <param name="PointsToEarn">What the order would earn paid as quoted, before daily and monthly caps.</param>
public sealed record CheckoutQuoteResult(CheckoutQuote? Quote, long PointsToEarn, IReadOnlyList<UserError> Errors);

/// <summary>
/// <c>checkoutQuote</c>: gathers what pricing needs for the signed-in member (tier benefits, usable
/// coupons, the points programme and balance), prices with <see cref="CheckoutPricing"/>, and
/// estimates the points the order earns from the cash left on each line.
/// </summary>
public sealed class CheckoutQuoteService(CouponStore coupons, TierQueries tiers, PointsProgramSource programs, IPointsLedger points,
    OrderEarning earning, TimeProvider clock)
{
    public const int MaxLines = 200;

    public async Task<CheckoutQuoteResult> QuoteAsync(string? memberId, CheckoutQuoteRequest request)
    {
        if (memberId is null) return Fail(new UserError(ErrorCodes.Unauthenticated, "Sign in to get a quote."));
        if (Validate(request) is { Count: > 0 } invalid) return new CheckoutQuoteResult(null, 0, invalid);

        var now = clock.NowMs();
        var tier = (await tiers.ViewAsync(memberId)).Tier;
        var (program, _) = await programs.CurrentAsync();
        var spendable = await points.SpendableAsync(memberId);
        var wallet = (await coupons.UsableAsync(memberId, now)).Select(ToPricing).ToList();
        // The wallet read stops at 200 coupons; a coupon the member names is found wherever it falls.
        if (request.CouponIds?.Where(id => wallet.All(c => c.Id != id)).Distinct().ToList() is { Count: > 0 } beyond)
            wallet.AddRange((await coupons.UsableAsync(memberId, now, beyond)).Select(ToPricing));

        var chosen = new List<PricingCoupon>();
        var errors = new List<UserError>();
        if (request.CouponIds is not null)
            for (var i = 0; i < request.CouponIds.Count; i++)
            {
                var id = request.CouponIds[i];
                var coupon = wallet.FirstOrDefault(c => c.Id == id);
                if (coupon is null) errors.Add(new UserError(ErrorCodes.NotFound, $"You hold no usable coupon '{id}'.", $"couponIds[{i}]"));
                else chosen.Add(coupon with { RequestIndex = i });
            }

        var pricing = new PricingRequest(request.Lines, request.ShippingFeeFen,
            tier is null ? TierTerms.None : new TierTerms(tier.Level, tier.Name, tier.Benefits.DiscountPercent, tier.Benefits.FreeShipping),
            chosen, request.PointsToUse,
            new PointsTerms(spendable, program.DeductionPointsPerYuan, program.DeductionStep, program.DeductionMaxSharePercent, program.DeductionMinimumBalance),
            now);
        var quote = CheckoutQuotes.Quote(pricing, wallet, bestForMe: request.CouponIds is null);
        var paid = new Order
        {
            OrderId = "quote",
            MemberId = memberId,
            Status = OrderStatuses.Placed,
            Lines = quote.Price.Lines.Select((l, i) => new OrderLine(l.LineId, request.Lines[i].Sku, request.Lines[i].CategoryIds, request.Lines[i].Quantity, l.PayFen)).ToList(),
        };
        var toEarn = await earning.EstimateAsync(paid);
        return new CheckoutQuoteResult(quote, toEarn, [.. errors, .. quote.Price.Errors]);
    }

    private static PricingCoupon ToPricing(Coupon c) => new(c.Id, c.Title, c.ParsedRules, c.ValidFrom, c.ValidUntil);

    private static List<UserError> Validate(CheckoutQuoteRequest r)
    {
        var errors = new List<UserError>();
        if (r.Lines.Count is 0 or > MaxLines) errors.Add(new UserError(ErrorCodes.Validation, $"Quote 1 to {MaxLines} lines.", "lines"));
        for (var i = 0; i < r.Lines.Count; i++)
        {
            var line = r.Lines[i];
            if (string.IsNullOrWhiteSpace(line.LineId)) errors.Add(new UserError(ErrorCodes.Validation, "Each line needs a lineId.", $"lines[{i}].lineId"));
            if (line.Quantity < 1) errors.Add(new UserError(ErrorCodes.Validation, "Quantity must be at least 1.", $"lines[{i}].quantity"));
            if (line.AmountFen is < 0 or > 100_000_000_00) errors.Add(new UserError(ErrorCodes.Validation, "amountFen must be 0 to 10,000,000,000.", $"lines[{i}].amountFen"));
        }
        if (r.Lines.Select(l => l.LineId).Distinct().Count() != r.Lines.Count)
            errors.Add(new UserError(ErrorCodes.Validation, "Line ids must be unique.", "lines"));
        if (r.ShippingFeeFen is < 0 or > 100_000_00) errors.Add(new UserError(ErrorCodes.Validation, "shippingFeeFen must be 0 to 100,000.00 yuan.", "shippingFeeFen"));
        if (r.PointsToUse < 0) errors.Add(new UserError(ErrorCodes.Validation, "pointsToUse must not be negative.", "pointsToUse"));
        if (r.CouponIds is { Count: > 20 }) errors.Add(new UserError(ErrorCodes.Validation, "At most 20 coupons.", "couponIds"));
        return errors;
    }

    private static CheckoutQuoteResult Fail(UserError error) => new(null, 0, [error]);
}
