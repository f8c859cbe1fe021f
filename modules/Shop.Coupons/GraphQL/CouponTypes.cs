using GraphQL.Types;
using Shop.Coupons.Models;
using Shop.Coupons.Services;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.GraphQL;

public sealed class CouponStatusType : EnumerationGraphType
{
    public CouponStatusType()
    {
        Name = "CouponStatus";
        Description = "available → reserved (by a placed order) → used; reserved → available (order cancelled) or expired; available → expired; voided by the merchant.";
        foreach (var status in CouponStatuses.All) Add(status.ToUpperInvariant(), status);
    }
}

/// <summary>What a coupon takes off, shared by coupons and templates.</summary>
public sealed class CouponRulesType : ObjectGraphType<CouponRules>
{
    public CouponRulesType()
    {
        Name = "CouponTerms";
        Description = "What a coupon takes off, on which goods, and what it combines with.";
        Field<NonNullGraphType<StringGraphType>>("kind").Description("thresholdMinus, percentOff, freeShipping or cash.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<LongGraphType>>("thresholdFen").Description("In-scope goods (after the tier discount) needed; 0 = none.").Resolve(c => c.Source.ThresholdFen);
        Field<NonNullGraphType<LongGraphType>>("discountFen").Description("Amount off for thresholdMinus and cash.").Resolve(c => c.Source.DiscountFen);
        Field<NonNullGraphType<IntGraphType>>("percentOff").Description("Percent off for percentOff (15 = 15% off).").Resolve(c => c.Source.PercentOff);
        Field<NonNullGraphType<LongGraphType>>("maxDiscountFen").Description("Cap of a percentOff discount; 0 = none.").Resolve(c => c.Source.MaxDiscountFen);
        Field<NonNullGraphType<StringGraphType>>("scope").Description("all, categories or skus.").Resolve(c => c.Source.Scope.Kind);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("categoryIds").Resolve(c => c.Source.Scope.CategoryIds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("skus").Resolve(c => c.Source.Scope.Skus);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("excludedCategoryIds").Resolve(c => c.Source.Scope.ExcludedCategoryIds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("excludedSkus").Resolve(c => c.Source.Scope.ExcludedSkus);
        Field<NonNullGraphType<BooleanGraphType>>("stacksWithCoupons").Resolve(c => c.Source.Stacking.WithOtherCoupons);
        Field<NonNullGraphType<BooleanGraphType>>("stacksWithPoints").Resolve(c => c.Source.Stacking.WithPoints);
        Field<StringGraphType>("exclusiveGroup").Resolve(c => c.Source.Stacking.ExclusiveGroup);
    }
}

public sealed class CouponTemplateRefType : ObjectGraphType<Coupon>
{
    public CouponTemplateRefType()
    {
        Name = "CouponTemplateRef";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.TemplateId);
        Field<NonNullGraphType<StringGraphType>>("title").Description("As it was when the coupon was issued.").Resolve(c => c.Source.Title);
        Field<NonNullGraphType<IdGraphType>>("versionId").Description("The template version the coupon was issued under.").Resolve(c => c.Source.TemplateVersion);
    }
}

public sealed class CouponType : ObjectGraphType<Coupon>
{
    public CouponType()
    {
        Name = "Coupon";
        Description = "An issued coupon with the rules it was issued under.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<CouponStatusType>>("status").Description("An available coupon past its validity shows as EXPIRED.")
            .Resolve(c => c.Source.EffectiveStatus(c.Service<TimeProvider>().NowMs()));
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => c.Source.Title);
        Field<NonNullGraphType<CouponTemplateRefType>>("template").Resolve(c => c.Source);
        Field<NonNullGraphType<CouponRulesType>>("terms").Resolve(c => c.Source.ParsedRules);
        Field<NonNullGraphType<StringGraphType>>("kind").Resolve(c => c.Source.ParsedRules.Kind);
        Field<NonNullGraphType<LongGraphType>>("thresholdFen").Resolve(c => c.Source.ParsedRules.ThresholdFen);
        Field<NonNullGraphType<LongGraphType>>("discountFen").Resolve(c => c.Source.ParsedRules.DiscountFen);
        Field<NonNullGraphType<IntGraphType>>("percentOff").Resolve(c => c.Source.ParsedRules.PercentOff);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("validFrom").Resolve(c => Instant.FromUnixMs(c.Source.ValidFrom));
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("validUntil").Description("Exclusive.").Resolve(c => Instant.FromUnixMs(c.Source.ValidUntil));
        Field<NonNullGraphType<StringGraphType>>("channel").Description("How it was issued: claim, registration, spend, tierUpgrade, push, audience, mall.").Resolve(c => c.Source.Channel);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("issuedAt").Resolve(c => Instant.FromUnixMs(c.Source.IssuedAt));
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("statusChangedAt").Resolve(c => Instant.FromUnixMs(c.Source.StatusAt));
        Field<StringGraphType>("orderId").Description("The order holding or having used it.").Resolve(c => c.Source.OrderId);
        Field<StringGraphType>("voidReason").Resolve(c => c.Source.VoidReason);
    }
}

/// <summary>A template in the claim centre, for one member.</summary>
public sealed class ClaimableTemplateType : ObjectGraphType<ClaimableTemplate>
{
    public ClaimableTemplateType()
    {
        Name = "CouponTemplate";
        Description = "A coupon open for claiming, and whether the signed-in member can claim it now.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Published.Id);
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => c.Source.Published.Template.Title);
        Field<StringGraphType>("description").Resolve(c => c.Source.Published.Template.Description);
        Field<NonNullGraphType<CouponRulesType>>("terms").Resolve(c => c.Source.Published.Template.Rules);
        Field<NonNullGraphType<StringGraphType>>("kind").Resolve(c => c.Source.Published.Template.Rules.Kind);
        Field<NonNullGraphType<LongGraphType>>("thresholdFen").Resolve(c => c.Source.Published.Template.Rules.ThresholdFen);
        Field<NonNullGraphType<LongGraphType>>("discountFen").Resolve(c => c.Source.Published.Template.Rules.DiscountFen);
        Field<NonNullGraphType<IntGraphType>>("percentOff").Resolve(c => c.Source.Published.Template.Rules.PercentOff);
        Field<LongGraphType>("remaining").Description("Coupons left; null when unlimited.").Resolve(c => c.Source.Remaining);
        Field<NonNullGraphType<IntGraphType>>("perMemberLimit").Description("0 = unlimited.").Resolve(c => c.Source.Published.Template.PerMemberLimit);
        Field<NonNullGraphType<LongGraphType>>("claimedByMe").Description("How many the signed-in member has received.").Resolve(c => c.Source.ClaimedByMember);
        Field<NonNullGraphType<BooleanGraphType>>("canClaim").Resolve(c => c.Source.CanClaim);
        Field<StringGraphType>("reason").Description("Why not: UNAUTHENTICATED, LIMIT_REACHED, OUT_OF_STOCK, NOT_ELIGIBLE.").Resolve(c => c.Source.Reason);
        Field<DateTimeOffsetGraphType>("claimUntil").Resolve(c => c.Source.Published.Template.ClaimUntil);
        Field<NonNullGraphType<StringGraphType>>("validityMode").Description("fixed or relative.").Resolve(c => c.Source.Published.Template.Validity.Mode);
        Field<DateTimeOffsetGraphType>("validFrom").Description("For fixed validity.")
            .Resolve(c => c.Source.Published.Template.Validity.Mode == ValidityModes.Fixed ? c.Source.Published.Template.Validity.From : null);
        Field<DateTimeOffsetGraphType>("validUntil").Description("For fixed validity.")
            .Resolve(c => c.Source.Published.Template.Validity.Mode == ValidityModes.Fixed ? c.Source.Published.Template.Validity.Until : null);
        Field<IntGraphType>("validDays").Description("For relative validity: days from claiming.")
            .Resolve(c => c.Source.Published.Template.Validity.Mode == ValidityModes.Relative ? c.Source.Published.Template.Validity.Days : null);
    }
}

public sealed class IssuedCouponPayloadType : ObjectGraphType<CouponIssueResult>
{
    public IssuedCouponPayloadType()
    {
        Name = "ClaimCouponPayload";
        Description = "Codes: UNAUTHENTICATED, VALIDATION, NOT_FOUND, NOT_AVAILABLE, OUT_OF_STOCK, LIMIT_REACHED, NOT_ELIGIBLE.";
        Field<CouponType>("coupon").ResolveAsync(async c => c.Source.Coupon is null ? null : await c.Service<CouponStore>().GetAsync(c.Source.Coupon.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class ClaimCouponInputType : InputObjectGraphType
{
    public ClaimCouponInputType()
    {
        Name = "ClaimCouponInput";
        Field<NonNullGraphType<IdGraphType>>("templateId");
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey");
    }
}
