using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using Shop.Coupons.Models;
using Shop.Coupons.Services;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.GraphQL;

public sealed class CouponAdminFields : AdminFields
{
    public override void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<AdminCouponType, EdgeType<AdminCouponType>>>>("issuedCoupons")
            .Description("Coupons issued from a template, newest first, optionally of one stored status.")
            .Argument<NonNullGraphType<IdGraphType>>("templateId")
            .Argument<CouponStatusType>("status")
            .PagingArguments()
            .RequirePermission(Permissions.ViewCoupons)
            .ResolveAsync(async c =>
            {
                var page = Paging.Request(c);
                var (rows, total) = await c.Service<CouponStore>().ListForTemplateAsync(c.GetArgument<string>("templateId"), c.GetArgument<object?>("status")?.ToString(), page);
                return Paging.Connection(page, rows, r => r.Id, total);
            });
        query.Field<NonNullGraphType<CouponTemplateStatsType>>("couponTemplateStats")
            .Description("Issued, remaining and counts by status of a template's coupons.")
            .Argument<NonNullGraphType<IdGraphType>>("templateId")
            .RequirePermission(Permissions.ViewCoupons)
            .ResolveAsync(async c => await c.Service<CouponStats>().ForTemplateAsync(c.GetArgument<string>("templateId")));
        query.Field<AdminCouponType>("coupon")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .RequirePermission(Permissions.ViewCoupons)
            .ResolveAsync(async c => await c.Service<CouponStore>().GetAsync(c.GetArgument<string>("id")));
    }

    public override void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CouponPushPayloadType>>("couponPush")
            .Description("Issues one coupon of a template to each listed member (up to 1000). Repeating a key gives nobody a second coupon.")
            .Argument<NonNullGraphType<CouponPushInputType>>("input")
            .RequirePermission(Permissions.ManageCoupons)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var memberIds = ((IEnumerable<object?>)input["memberIds"]!).Select(o => o!.ToString()!).ToList();
                return await c.Service<CouponAdminService>().PushAsync((string)input["templateId"]!, memberIds, (string)input["idempotencyKey"]!, c.Actor());
            });
        mutation.Field<NonNullGraphType<CouponVoidPayloadType>>("couponVoid")
            .Description("Voids an available or expired coupon; it is kept on record. Codes: VALIDATION, NOT_FOUND, CONFLICT (held by or used on an order).")
            .Argument<NonNullGraphType<CouponVoidInputType>>("input")
            .RequirePermission(Permissions.ManageCoupons)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<CouponAdminService>().VoidAsync((string)input["couponId"]!, input["reason"] as string, c.Actor());
            });
    }
}

/// <summary>A coupon as staff see it: with its member.</summary>
public sealed class AdminCouponType : ObjectGraphType<Coupon>
{
    public AdminCouponType()
    {
        Name = "IssuedCoupon";
        Description = "An issued coupon with its holder.";
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(c => c.Source.MemberId);
        Field<NonNullGraphType<CouponType>>("coupon").Resolve(c => c.Source);
        Field<StringGraphType>("sourceId").Description("What caused it: order, push key, redemption...").Resolve(c => c.Source.SourceId);
        Field<StringGraphType>("actor").Resolve(c => c.Source.Actor);
    }
}

public sealed class CouponStatusCountType : ObjectGraphType<KeyValuePair<string, long>>
{
    public CouponStatusCountType()
    {
        Name = "CouponStatusCount";
        Field<NonNullGraphType<CouponStatusType>>("status").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<LongGraphType>>("count").Resolve(c => c.Source.Value);
    }
}

public sealed class CouponTemplateStatsType : ObjectGraphType<TemplateStats>
{
    public CouponTemplateStatsType()
    {
        Name = "CouponTemplateStats";
        Field<NonNullGraphType<IdGraphType>>("templateId").Resolve(c => c.Source.TemplateId);
        Field<NonNullGraphType<LongGraphType>>("totalQuantity").Description("0 = unlimited.").Resolve(c => c.Source.TotalQuantity);
        Field<NonNullGraphType<LongGraphType>>("issued").Resolve(c => c.Source.Issued);
        Field<LongGraphType>("remaining").Description("Null when unlimited.").Resolve(c => c.Source.Remaining);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CouponStatusCountType>>>>("byStatus")
            .Description("Stored statuses (an available coupon is counted available until the expiry task marks it).")
            .Resolve(c => c.Source.ByStatus.ToList());
    }
}

public sealed class CouponPushInputType : InputObjectGraphType
{
    public CouponPushInputType()
    {
        Name = "CouponPushInput";
        Field<NonNullGraphType<IdGraphType>>("templateId");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("memberIds");
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey");
    }
}

public sealed class CouponPushFailureType : ObjectGraphType<CouponPushFailure>
{
    public CouponPushFailureType()
    {
        Name = "CouponPushFailure";
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(c => c.Source.MemberId);
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
    }
}

public sealed class CouponPushPayloadType : ObjectGraphType<CouponPushResult>
{
    public CouponPushPayloadType()
    {
        Name = "CouponPushPayload";
        Description = "Codes: VALIDATION, NOT_FOUND (template), NOT_AVAILABLE (template not issued by push). Per-member refusals are in failed.";
        Field<NonNullGraphType<IntGraphType>>("issuedCount").Resolve(c => c.Source.Issued.Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("couponIds").Resolve(c => c.Source.Issued.Select(i => i.Id).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CouponPushFailureType>>>>("failed").Resolve(c => c.Source.Failed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class CouponVoidInputType : InputObjectGraphType
{
    public CouponVoidInputType()
    {
        Name = "CouponVoidInput";
        Field<NonNullGraphType<IdGraphType>>("couponId");
        Field<NonNullGraphType<StringGraphType>>("reason");
    }
}

public sealed class CouponVoidPayloadType : ObjectGraphType<CouponVoidResult>
{
    public CouponVoidPayloadType()
    {
        Name = "CouponVoidPayload";
        Field<AdminCouponType>("coupon").Resolve(c => c.Source.Coupon);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
