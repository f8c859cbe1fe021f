using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using Shop.Framework.Auth;
using Shop.Framework.GraphQL;
using Shop.Members.GraphQL;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.GraphQL;

/// <summary>
/// <c>Member.redemptions</c> on both schemas: a member sees their own; staff need PointsMall.View.
/// The check is in the resolver because the storefront's member holds no staff permissions.
/// </summary>
public sealed class MemberRedemptionsExtension : GraphTypeExtension<MemberType>
{
    public override void Extend(MemberType type) =>
        type.Field<NonNullGraphType<ConnectionType<RedemptionType, EdgeType<RedemptionType>>>>("redemptions")
            .Description("Points mall redemptions, newest first.")
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                c.DemandMemberOrPermission(c.Source.Id, Permissions.View, "Redemptions");
                var page = Paging.Request(c);
                var (rows, total) = await c.Service<RedemptionStore>().ListAsync(new RedemptionFilter(null, null, c.Source.Id), page);
                return Paging.Connection(page, rows, r => r.Id, total);
            });
}
