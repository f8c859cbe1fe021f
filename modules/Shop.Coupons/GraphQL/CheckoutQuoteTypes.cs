using GraphQL.Types;
using Shop.Coupons.Pricing;
using Shop.Coupons.Services;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.GraphQL;

public sealed class CheckoutLineInputType : InputObjectGraphType
{
    public CheckoutLineInputType()
    {
        Name = "CheckoutLineInput";
        Field<NonNullGraphType<StringGraphType>>("lineId");
        Field<NonNullGraphType<StringGraphType>>("sku");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("categoryIds");
        Field<NonNullGraphType<IntGraphType>>("quantity");
        Field<NonNullGraphType<LongGraphType>>("amountFen").Description("The line's value before any discount (unit price × quantity).");
    }
}

public sealed class CheckoutQuoteInputType : InputObjectGraphType
{
    public CheckoutQuoteInputType()
    {
        Name = "CheckoutQuoteInput";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckoutLineInputType>>>>("lines");
        Field<LongGraphType>("shippingFeeFen").Description("Default 0.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("couponIds")
            .Description("The coupons to apply. Omit (or null) for \"best for me\"; an empty list applies none.");
        Field<LongGraphType>("pointsToUse").Description("Default 0.");
    }
}

public sealed class PricedLineType : ObjectGraphType<PricedLine>
{
    public PricedLineType()
    {
        Name = "QuoteLine";
        Description = "A line's share of every discount; payFen is the amount to send as the line's amountFen with orderPlaced/orderPaid.";
        Field<NonNullGraphType<StringGraphType>>("lineId").Resolve(c => c.Source.LineId);
        Field<NonNullGraphType<LongGraphType>>("amountFen").Resolve(c => c.Source.AmountFen);
        Field<NonNullGraphType<LongGraphType>>("tierDiscountFen").Resolve(c => c.Source.TierDiscountFen);
        Field<NonNullGraphType<LongGraphType>>("couponDiscountFen").Resolve(c => c.Source.CouponDiscountFen);
        Field<NonNullGraphType<LongGraphType>>("pointsDeductionFen").Resolve(c => c.Source.PointsDeductionFen);
        Field<NonNullGraphType<LongGraphType>>("payFen").Resolve(c => c.Source.PayFen);
    }
}

public sealed class PricedDiscountType : ObjectGraphType<PricedDiscount>
{
    public PricedDiscountType()
    {
        Name = "QuoteDiscount";
        Field<NonNullGraphType<StringGraphType>>("source").Description("tier or coupon.").Resolve(c => c.Source.Source);
        Field<IdGraphType>("couponId").Resolve(c => c.Source.CouponId);
        Field<NonNullGraphType<StringGraphType>>("label").Resolve(c => c.Source.Label);
        Field<NonNullGraphType<LongGraphType>>("goodsFen").Description("Taken off the goods.").Resolve(c => c.Source.GoodsFen);
        Field<NonNullGraphType<LongGraphType>>("shippingFen").Description("Taken off shipping.").Resolve(c => c.Source.ShippingFen);
        Field<NonNullGraphType<LongGraphType>>("amountFen").Resolve(c => c.Source.AmountFen);
    }
}

public sealed class CouponFitType : ObjectGraphType<CouponFit>
{
    public CouponFitType()
    {
        Name = "QuoteCoupon";
        Description = "One of the member's usable coupons against this order.";
        Field<NonNullGraphType<IdGraphType>>("couponId").Resolve(c => c.Source.Coupon.Id);
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => c.Source.Coupon.Title);
        Field<NonNullGraphType<BooleanGraphType>>("applied").Resolve(c => c.Source.Applied);
        Field<NonNullGraphType<BooleanGraphType>>("applicable").Description("Whether it would apply to this order (on its own, when not applied).")
            .Resolve(c => c.Source.Reason is null);
        Field<StringGraphType>("reason")
            .Description("Why not: NOT_YET_VALID, EXPIRED, NOT_IN_SCOPE, BELOW_THRESHOLD, NOT_STACKABLE, EXCLUSIVE_GROUP, NOT_WITH_POINTS, NO_DISCOUNT, DUPLICATE.")
            .Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<LongGraphType>>("discountFen").Description("What it takes off (applied, or on its own).").Resolve(c => c.Source.DiscountFen);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("validUntil").Resolve(c => Instant.FromUnixMs(c.Source.Coupon.ValidUntil));
    }
}

public sealed class CheckoutQuoteType : ObjectGraphType<CheckoutQuoteResult>
{
    public CheckoutQuoteType()
    {
        Name = "CheckoutQuote";
        Description = "Order: tier discount → coupons → points → shipping. Amounts in fen, discounts rounded down to the fen.";
        Field<NonNullGraphType<LongGraphType>>("subtotalFen").Resolve(c => c.Source.Quote!.Price.SubtotalFen);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PricedDiscountType>>>>("discounts").Resolve(c => c.Source.Quote!.Price.Discounts);
        Field<NonNullGraphType<LongGraphType>>("discountFen").Description("Goods discounts (tier and coupons).").Resolve(c => c.Source.Quote!.Price.GoodsDiscountFen);
        Field<NonNullGraphType<LongGraphType>>("pointsUsed").Resolve(c => c.Source.Quote!.Price.PointsUsed);
        Field<NonNullGraphType<LongGraphType>>("pointsDeductionFen").Resolve(c => c.Source.Quote!.Price.PointsDeductionFen);
        Field<NonNullGraphType<LongGraphType>>("maxPointsUsable").Description("The most points this order can take.").Resolve(c => c.Source.Quote!.Price.MaxPointsUsable);
        Field<NonNullGraphType<LongGraphType>>("shippingFeeFen").Resolve(c => c.Source.Quote!.Price.ShippingFeeFen);
        Field<NonNullGraphType<LongGraphType>>("shippingDiscountFen").Resolve(c => c.Source.Quote!.Price.ShippingDiscountFen);
        Field<NonNullGraphType<LongGraphType>>("shippingFen").Description("Shipping to pay.").Resolve(c => c.Source.Quote!.Price.ShippingPayFen);
        Field<NonNullGraphType<LongGraphType>>("goodsFen").Description("Cash for the goods.").Resolve(c => c.Source.Quote!.Price.GoodsPayFen);
        Field<NonNullGraphType<LongGraphType>>("totalFen").Resolve(c => c.Source.Quote!.Price.TotalFen);
        Field<NonNullGraphType<LongGraphType>>("pointsToEarn").Description("Points the order earns when paid as quoted, before daily/monthly caps.").Resolve(c => c.Source.PointsToEarn);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("appliedCouponIds").Resolve(c => c.Source.Quote!.Price.AppliedCouponIds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CouponFitType>>>>("coupons").Description("Every usable coupon of the member, applied or why not.")
            .Resolve(c => c.Source.Quote!.Wallet);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PricedLineType>>>>("lines").Resolve(c => c.Source.Quote!.Price.Lines);
    }
}

public sealed class CheckoutQuotePayloadType : ObjectGraphType<CheckoutQuoteResult>
{
    public CheckoutQuotePayloadType()
    {
        Name = "CheckoutQuotePayload";
        Description = "quote is null only for UNAUTHENTICATED and VALIDATION. Other codes (COUPON_NOT_APPLICABLE, NOT_FOUND, POINTS_NOT_ALLOWED, POINTS_STEP, " +
                      "POINTS_BELOW_MINIMUM, INSUFFICIENT_POINTS, POINTS_SHARE_EXCEEDED) come with a quote that leaves the refused coupon or points out.";
        Field<CheckoutQuoteType>("quote").Resolve(c => c.Source.Quote is null ? null : c.Source);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
