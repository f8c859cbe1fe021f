using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using Shop.Framework.GraphQL;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.GraphQL;

public sealed class MallStorefrontFields : StorefrontFields
{
    public override void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<RewardType, EdgeType<RewardType>>>>("rewards")
            .Description("The points mall: published rewards open now, newest first.")
            .Argument<RewardFilterInputType>("filter")
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = Paging.Request(c);
                var f = c.GetArgument<Dictionary<string, object?>>("filter") ?? [];
                var maxPoints = f.GetValueOrDefault("maxPoints") is { } max ? Convert.ToInt64(max) : (long?)null;
                var (rows, total) = await c.Service<RewardBrowser>().ListAsync(
                    new RewardFilter(f.GetValueOrDefault("search") as string, f.GetValueOrDefault("category") as string, maxPoints), page);
                return Paging.Connection(page, rows, r => r.Id, total);
            });
        query.Field<RewardType>("reward")
            .Description("A published reward open now; null otherwise.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<RewardBrowser>().GetAsync(c.GetArgument<string>("id")));
    }

    public override void AddMutations(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<RedeemRewardPayloadType>>("redeemReward")
            .Description("Redeems a reward for the signed-in member: points, stock, limits and the coupon or code in one transaction.")
            .Argument<NonNullGraphType<RedeemRewardInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var quantity = input.GetValueOrDefault("quantity") is { } q ? Convert.ToInt32(q) : 1;
                return await c.Service<RedemptionService>().RedeemAsync(c.MemberId(), input["rewardId"] as string, quantity,
                    input["idempotencyKey"] as string, c.CancellationToken);
            });
}
