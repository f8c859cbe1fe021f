using GraphQL.Types;
using Shop.Framework.GraphQL;
using Shop.Tiers.Models;
using Shop.Tiers.Services;

namespace Shop.Tiers.GraphQL;

public sealed class TierStorefrontFields : StorefrontFields
{
    public override void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<GraphQLClrOutputTypeReference<Tier>>>>>("tiers")
            .Description("Published levels with their benefits, lowest first.")
            .ResolveAsync(async c => await c.Service<TierCatalog>().TiersAsync());
}
