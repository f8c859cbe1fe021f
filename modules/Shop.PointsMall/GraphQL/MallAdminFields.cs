using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using Shop.Framework.GraphQL;
using Shop.PointsMall.Models;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.GraphQL;

/// <summary>
/// The mall's admin API beyond the generated reward content CRUD (rewardCreate/Update/Publish/Archive,
/// rewards, reward): stock, codes and redemption fulfilment.
/// </summary>
public sealed class MallAdminFields : AdminFields
{
    public override void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<RedemptionType, EdgeType<RedemptionType>>>>("redemptions")
            .Description("Redemptions, newest first.")
            .Argument<RedemptionFilterInputType>("filter")
            .PagingArguments()
            .RequirePermission(Permissions.View)
            .ResolveAsync(async c =>
            {
                var page = Paging.Request(c);
                var f = c.GetArgument<Dictionary<string, object?>>("filter") ?? [];
                var status = f.GetValueOrDefault("status") as string;
                if (status is not null && !RedemptionStatuses.All.Contains(status))
                    throw new ExecutionError($"status must be one of: {string.Join(", ", RedemptionStatuses.All)}.") { Code = ErrorCodes.Validation };
                var (rows, total) = await c.Service<RedemptionStore>().ListAsync(new RedemptionFilter(
                    f.GetValueOrDefault("rewardId") as string, status, f.GetValueOrDefault("memberId") as string), page);
                return Paging.Connection(page, rows, r => r.Id, total);
            });
        query.Field<RedemptionType>("redemption")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .RequirePermission(Permissions.View)
            .ResolveAsync(async c => await c.Service<RedemptionStore>().GetAsync(c.GetArgument<string>("id")));
        query.Field<RewardStockType>("rewardStock")
            .Description("A published reward's stock, units redeemed and free codes; null before its first publish.")
            .Argument<NonNullGraphType<IdGraphType>>("rewardId")
            .RequirePermission(Permissions.View)
            .ResolveAsync(async c => await c.Service<StockService>().StockAsync(c.GetArgument<string>("rewardId")));
    }

    public override void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<RewardStockAdjustPayloadType>>("rewardStockAdjust")
            .Description("Adds (positive) or removes (negative) stock of a published reward; never below zero. Idempotent on idempotencyKey per reward.")
            .Argument<NonNullGraphType<RewardStockAdjustInputType>>("input")
            .RequirePermission(Permissions.Manage)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<StockService>().AdjustAsync((string)input["rewardId"]!, Convert.ToInt64(input["delta"]),
                    input["reason"] as string, input["idempotencyKey"] as string, c.Actor());
            });
        mutation.Field<NonNullGraphType<RewardCodesUploadPayloadType>>("rewardCodesUpload")
            .Description("Adds codes to a virtual reward's pool; codes repeated in the upload or already held are skipped.")
            .Argument<NonNullGraphType<RewardCodesUploadInputType>>("input")
            .RequirePermission(Permissions.Manage)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var codes = ((IEnumerable<object?>)input["codes"]!).Select(o => o as string).ToList();
                return await c.Service<StockService>().UploadCodesAsync((string)input["rewardId"]!, codes);
            });
        mutation.Field<NonNullGraphType<RedemptionPayloadType>>("redemptionShip")
            .Description("Marks goods shipped with the carrier and tracking number (again while shipped, to correct them).")
            .Argument<NonNullGraphType<RedemptionShipInputType>>("input")
            .RequirePermission(Permissions.Manage)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<FulfilmentService>().ShipAsync((string)input["redemptionId"]!, input["carrier"] as string, input["trackingNumber"] as string);
            });
        mutation.Field<NonNullGraphType<RedemptionPayloadType>>("redemptionDeliver")
            .Description("Marks shipped goods delivered; delivering again changes nothing.")
            .Argument<NonNullGraphType<RedemptionDeliverInputType>>("input")
            .RequirePermission(Permissions.Manage)
            .ResolveAsync(async c => await c.Service<FulfilmentService>().DeliverAsync((string)c.GetArgument<Dictionary<string, object?>>("input")["redemptionId"]!));
        mutation.Field<NonNullGraphType<RedemptionPayloadType>>("redemptionCancel")
            .Description("Cancels goods not yet delivered: returns the points, the stock and the member's counts. Idempotent on idempotencyKey.")
            .Argument<NonNullGraphType<RedemptionCancelInputType>>("input")
            .RequirePermission(Permissions.Manage)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<FulfilmentService>().CancelAsync((string)input["redemptionId"]!, input["reason"] as string, input["idempotencyKey"] as string);
            });
    }
}
