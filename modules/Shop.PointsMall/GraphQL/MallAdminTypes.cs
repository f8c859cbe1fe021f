using GraphQL.Types;
using Shop.Framework.GraphQL;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.GraphQL;

public sealed class RewardStockType : ObjectGraphType<RewardStock>
{
    public RewardStockType()
    {
        Name = "RewardStock";
        Field<NonNullGraphType<IdGraphType>>("rewardId").Resolve(c => c.Source.RewardId);
        Field<NonNullGraphType<LongGraphType>>("stockLeft").Resolve(c => c.Source.StockLeft);
        Field<NonNullGraphType<LongGraphType>>("redeemed").Resolve(c => c.Source.Redeemed);
        Field<NonNullGraphType<LongGraphType>>("codesAvailable").Description("Unclaimed codes (virtual rewards).").Resolve(c => c.Source.CodesAvailable);
    }
}

public sealed class RewardStockAdjustPayloadType : ObjectGraphType<StockResult>
{
    public RewardStockAdjustPayloadType()
    {
        Name = "RewardStockAdjustPayload";
        Description = "Codes: NOT_FOUND (not published yet), VALIDATION (zero delta, below zero, missing reason or key).";
        Field<RewardStockType>("stock").Description("The stock after the adjustment (now, on a replay).").Resolve(c => c.Source.Stock);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class RewardCodesUploadPayloadType : ObjectGraphType<CodesUploadResult>
{
    public RewardCodesUploadPayloadType()
    {
        Name = "RewardCodesUploadPayload";
        Description = "Codes: NOT_FOUND, VALIDATION (not a virtual reward, empty or too large an upload, a malformed code).";
        Field<NonNullGraphType<IntGraphType>>("added").Resolve(c => c.Source.Added);
        Field<NonNullGraphType<IntGraphType>>("duplicates").Description("Skipped: repeated in the upload or already in the pool.").Resolve(c => c.Source.Duplicates);
        Field<NonNullGraphType<LongGraphType>>("available").Description("Unclaimed codes after the upload.").Resolve(c => c.Source.Available);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class RedemptionFilterInputType : InputObjectGraphType
{
    public RedemptionFilterInputType()
    {
        Name = "RedemptionFilter";
        Field<IdGraphType>("rewardId");
        Field<StringGraphType>("status").Description("pending, shipped, delivered, fulfilled or cancelled.");
        Field<IdGraphType>("memberId");
    }
}

public sealed class RewardStockAdjustInputType : InputObjectGraphType
{
    public RewardStockAdjustInputType()
    {
        Name = "RewardStockAdjustInput";
        Field<NonNullGraphType<IdGraphType>>("rewardId");
        Field<NonNullGraphType<LongGraphType>>("delta").Description("Positive adds stock, negative removes it (never below zero).");
        Field<NonNullGraphType<StringGraphType>>("reason");
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey");
    }
}

public sealed class RewardCodesUploadInputType : InputObjectGraphType
{
    public RewardCodesUploadInputType()
    {
        Name = "RewardCodesUploadInput";
        Field<NonNullGraphType<IdGraphType>>("rewardId");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("codes").Description("Up to 10,000 codes; surrounding blanks are trimmed.");
    }
}

public sealed class RedemptionShipInputType : InputObjectGraphType
{
    public RedemptionShipInputType()
    {
        Name = "RedemptionShipInput";
        Field<NonNullGraphType<IdGraphType>>("redemptionId");
        Field<NonNullGraphType<StringGraphType>>("carrier");
        Field<NonNullGraphType<StringGraphType>>("trackingNumber");
    }
}

public sealed class RedemptionDeliverInputType : InputObjectGraphType
{
    public RedemptionDeliverInputType()
    {
        Name = "RedemptionDeliverInput";
        Field<NonNullGraphType<IdGraphType>>("redemptionId");
    }
}

public sealed class RedemptionCancelInputType : InputObjectGraphType
{
    public RedemptionCancelInputType()
    {
        Name = "RedemptionCancelInput";
        Field<NonNullGraphType<IdGraphType>>("redemptionId");
        Field<NonNullGraphType<StringGraphType>>("reason");
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey");
    }
}
