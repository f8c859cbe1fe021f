using GraphQL.DataLoader;
using GraphQL.Types;
using Shop.Framework.GraphQL;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.GraphQL;

/// <summary>A published reward on the storefront, with stock now and, for the signed-in member, whether they could redeem it.</summary>
public sealed class RewardType : ObjectGraphType<RewardView>
{
    public RewardType()
    {
        Name = "Reward";
        Description = "A reward of the points mall. Amounts are per unit.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => c.Source.Model.Title);
        Field<StringGraphType>("description").Resolve(c => c.Source.Model.Description);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("goods, coupon or virtual.").Resolve(c => c.Source.Model.Kind);
        Field<StringGraphType>("category").Resolve(c => c.Source.Model.Category);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("imageUrls").Resolve(c => c.Source.Model.ImageUrls);
        Field<NonNullGraphType<LongGraphType>>("pointsPrice").Resolve(c => c.Source.Model.PointsPrice);
        Field<NonNullGraphType<LongGraphType>>("cashFen").Description("Cash on top of the points, in fen; 0 = points only.").Resolve(c => c.Source.Model.CashFen);
        Field<NonNullGraphType<LongGraphType>>("stockLeft").Resolve(c => c.Source.Stock.StockLeft);
        Field<NonNullGraphType<LongGraphType>>("redeemed").Description("Units redeemed so far.").Resolve(c => c.Source.Stock.Redeemed);
        Field<NonNullGraphType<IntGraphType>>("perMemberLimit").Description("Units per member over the reward's life; 0 = no limit.").Resolve(c => c.Source.Model.PerMemberLimit);
        Field<NonNullGraphType<IntGraphType>>("perMemberDailyLimit").Description("Units per member per local day; 0 = no limit.").Resolve(c => c.Source.Model.PerMemberDailyLimit);
        Field<NonNullGraphType<IntGraphType>>("minTierLevel").Description("Lowest level that may redeem; 0 = everyone.").Resolve(c => c.Source.Model.MinTierLevel);
        Field<NonNullGraphType<BooleanGraphType>>("audienceRestricted").Description("Only members of an audience may redeem.")
            .Resolve(c => RewardRules.HasAudience(c.Source.Model));
        Field<DateTimeOffsetGraphType>("availableFrom").Resolve(c => c.Source.Model.AvailableFrom);
        Field<DateTimeOffsetGraphType>("availableUntil").Resolve(c => c.Source.Model.AvailableUntil);
        Field<NonNullGraphType<BooleanGraphType>>("canRedeem").Description("Whether the signed-in member could redeem one unit now (false when anonymous).")
            .Resolve(c => StandingOf(c).Then(s => s!.CanRedeem));
        Field<StringGraphType>("reason")
            .Description("Why not, as the error code redeemReward would return: NOT_AVAILABLE, NOT_ELIGIBLE, OUT_OF_STOCK, LIMIT_REACHED, INSUFFICIENT_POINTS, UNAUTHENTICATED; null when canRedeem. NOT_AVAILABLE also while an audience reward's audience cannot be checked.")
            .Resolve(c => StandingOf(c).Then(s => s!.Reason));
    }

    // One batch per request: the member's level, balance and counts are read once for the whole page.
    private static IDataLoaderResult<Standing?> StandingOf(global::GraphQL.IResolveFieldContext<RewardView> c) =>
        c.Service<DataLoaders>()
            .Get<RewardView, Standing>("mall-standing", async (views, ct) => await c.Service<RewardStanding>().ForAsync(c.MemberId(), views, ct))
            .Load(c.Source);
}

public sealed class RewardFilterInputType : InputObjectGraphType
{
    public RewardFilterInputType()
    {
        Name = "RewardFilter";
        Field<StringGraphType>("search").Description("Words of the title or description, through the search index with CJK bigram analysis (a substring match when the index is down).");
        Field<StringGraphType>("category").Description("Exact category.");
        Field<LongGraphType>("maxPoints").Description("Points price per unit at most this.");
    }
}
