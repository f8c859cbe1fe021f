using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using Shop.Coupons.Services;
using Shop.Framework.Auth;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Members.GraphQL;

namespace Shop.Coupons.GraphQL;

/// <summary><c>Member.coupons</c> on both schemas: a member sees their own; staff need Coupons.View.</summary>
public sealed class MemberCouponsExtension : GraphTypeExtension<MemberType>
{
    public override void Extend(MemberType type) =>
        type.Field<NonNullGraphType<ConnectionType<CouponType, EdgeType<CouponType>>>>("coupons")
            .Description("Coupons newest first, optionally of some statuses (an available coupon past its validity counts as EXPIRED).")
            .Argument<ListGraphType<NonNullGraphType<CouponStatusType>>>("status")
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                c.DemandMemberOrPermission(c.Source.Id, Permissions.ViewCoupons, "Coupons");
                var page = Paging.Request(c);
                var statuses = c.GetArgument<List<object>?>("status")?.Select(s => s.ToString()!).ToList();
                var (rows, total) = await c.Service<CouponStore>().ListForMemberAsync(c.Source.Id, statuses, page, c.Service<TimeProvider>().NowMs());
                return Paging.Connection(page, rows, r => r.Id, total);
            });
}
