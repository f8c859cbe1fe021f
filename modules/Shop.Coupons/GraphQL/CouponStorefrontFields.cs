using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using Shop.Coupons.Pricing;
using Shop.Coupons.Services;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.GraphQL;

public sealed class CouponStorefrontFields : StorefrontFields
{
    public override void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<ClaimableTemplateType, EdgeType<ClaimableTemplateType>>>>("couponTemplates")
            .Description("The claim centre: coupons open for claiming now, newest first, with canClaim/reason for the signed-in member.")
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = Paging.Request(c);
                var open = await c.Service<ClaimCentre>().OpenAsync(c.MemberId(), c.CancellationToken);
                var after = page.AfterKey is null ? open : open.SkipWhile(t => t.Published.Id != page.AfterKey).Skip(1).ToList();
                return Paging.Connection(page, after.Take(page.First + 1).ToList(), t => t.Published.Id, open.Count);
            });
        query.Field<NonNullGraphType<CheckoutQuotePayloadType>>("checkoutQuote")
            .Description("Prices a prospective order for the signed-in member. Nothing is reserved.")
            .Argument<NonNullGraphType<CheckoutQuoteInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var lines = ((IEnumerable<object?>)input["lines"]!).Cast<Dictionary<string, object?>>().Select(l => new PricingLine(
                    (string)l["lineId"]!, (string)l["sku"]!,
                    (l.GetValueOrDefault("categoryIds") as IEnumerable<object?>)?.Cast<string>().ToList() ?? [],
                    Convert.ToInt32(l["quantity"]), Convert.ToInt64(l["amountFen"]))).ToList();
                var couponIds = (input.GetValueOrDefault("couponIds") as IEnumerable<object?>)?.Select(o => o!.ToString()!).ToList();
                var request = new CheckoutQuoteRequest(lines, Convert.ToInt64(input.GetValueOrDefault("shippingFeeFen") ?? 0L), couponIds,
                    Convert.ToInt64(input.GetValueOrDefault("pointsToUse") ?? 0L));
                return await c.Service<CheckoutQuoteService>().QuoteAsync(c.MemberId(), request);
            });
    }

    public override void AddMutations(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<IssuedCouponPayloadType>>("claimCoupon")
            .Description("Claims a coupon from the claim centre. A replayed key returns the coupon first issued.")
            .Argument<NonNullGraphType<ClaimCouponInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<ClaimCentre>().ClaimAsync(c.MemberId(), (string)input["templateId"]!, input["idempotencyKey"] as string);
            });
}
