using GraphQL.Types;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.PointsMall.Models;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.GraphQL;

/// <summary>A redemption, on the member's own list and in the admin.</summary>
public sealed class RedemptionType : ObjectGraphType<Redemption>
{
    public RedemptionType()
    {
        Name = "Redemption";
        Description = "A reward redeemed. Goods: pending → shipped → delivered; coupon and virtual: fulfilled at once; cancelled: points and stock returned.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("status").Description("pending, shipped, delivered, fulfilled or cancelled.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<IdGraphType>>("rewardId").Resolve(c => c.Source.RewardId);
        Field<NonNullGraphType<StringGraphType>>("rewardTitle").Description("The title when redeemed.").Resolve(c => c.Source.RewardTitle);
        Field<NonNullGraphType<IdGraphType>>("rewardVersionId").Description("The reward version that priced it.").Resolve(c => c.Source.RewardVersion);
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(c => c.Source.MemberId);
        Field<StringGraphType>("memberDisplayName").Resolve(c => c.Source.MemberDisplayName);
        Field<NonNullGraphType<IntGraphType>>("quantity").Resolve(c => c.Source.Quantity);
        Field<NonNullGraphType<LongGraphType>>("pointsSpent").Resolve(c => c.Source.PointsSpent);
        Field<NonNullGraphType<LongGraphType>>("cashFen").Description("Cash due on top of the points, in fen.").Resolve(c => c.Source.CashFen);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("couponIds").Description("Coupons issued (coupon rewards).").Resolve(c => c.Source.CouponIdList);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("codes").Description("Codes handed over (virtual rewards).").Resolve(c => c.Source.CodeList);
        Field<StringGraphType>("carrier").Resolve(c => c.Source.Carrier);
        Field<StringGraphType>("trackingNumber").Resolve(c => c.Source.TrackingNumber);
        Field<StringGraphType>("cancelReason").Resolve(c => c.Source.CancelReason);
        Field<NonNullGraphType<LocalDateGraphType>>("localDay").Description("The merchant-local day it counted on.").Resolve(c => c.Source.LocalDay);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => Instant.FromUnixMs(c.Source.CreatedAt));
        Field<DateTimeOffsetGraphType>("shippedAt").Resolve(c => Instant.FromUnixMs(c.Source.ShippedAt));
        Field<DateTimeOffsetGraphType>("deliveredAt").Resolve(c => Instant.FromUnixMs(c.Source.DeliveredAt));
        Field<DateTimeOffsetGraphType>("cancelledAt").Resolve(c => Instant.FromUnixMs(c.Source.CancelledAt));
    }
}

/// <summary>Every redemption mutation answers with the redemption or typed errors; only the codes they can return differ.</summary>
public abstract class RedemptionPayloadTypeBase : ObjectGraphType<RedemptionResult>
{
    protected RedemptionPayloadTypeBase(string name, string codes)
    {
        Name = name;
        Description = "Codes: " + codes + ".";
        Field<RedemptionType>("redemption").Resolve(c => c.Source.Redemption);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class RedeemRewardPayloadType() : RedemptionPayloadTypeBase("RedeemRewardPayload",
    "INSUFFICIENT_POINTS, OUT_OF_STOCK, LIMIT_REACHED, NOT_ELIGIBLE, NOT_AVAILABLE, NOT_FOUND, VALIDATION, UNAUTHENTICATED");

public sealed class RedemptionPayloadType() : RedemptionPayloadTypeBase("RedemptionPayload",
    "NOT_FOUND, INVALID_STATUS (ship/deliver), NOT_CANCELLABLE (delivered goods; coupon and virtual redemptions), CONFLICT, VALIDATION");

public sealed class RedeemRewardInputType : InputObjectGraphType
{
    public RedeemRewardInputType()
    {
        Name = "RedeemRewardInput";
        Field<NonNullGraphType<IdGraphType>>("rewardId");
        Field<IntGraphType>("quantity").Description($"Units, 1 to {RewardRules.MaxQuantity}; 1 when omitted.").DefaultValue(1);
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey").Description("Same key, same member: the first redemption again, nothing changes.");
    }
}
