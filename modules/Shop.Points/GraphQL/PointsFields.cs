using GraphQL;
using GraphQL.Types;
using Shop.Framework.Auth;
using Shop.Framework.GraphQL;
using Shop.Members.GraphQL;
using Shop.Members.Models;
using Shop.Points.Services;

namespace Shop.Points.GraphQL;

/// <summary>
/// <c>Member.points</c> on both schemas: a member sees their own; staff need Points.View. The
/// check is in the resolver because the same Member type serves the storefront, where the
/// signed-in member holds no staff permissions.
/// </summary>
public sealed class MemberPointsExtension : GraphTypeExtension<MemberType>
{
    public override void Extend(MemberType type) =>
        type.Field<NonNullGraphType<PointsType>>("points")
            .Description("Balance, pending, expiring lots and the ledger. Your own on the storefront; staff need Points.View.")
            .Resolve(c =>
            {
                c.DemandMemberOrPermission(c.Source.Id, Permissions.ViewPoints, "Points");
                return c.Source.Id;
            });
}

public sealed class PointsAdminFields : AdminFields
{
    public override void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<PointsInvariantReportType>>("pointsInvariants")
            .Description("Checks the books of one member (or all members when memberId is omitted).")
            .Argument<IdGraphType>("memberId")
            .RequirePermission(Permissions.ViewPoints)
            .ResolveAsync(async c => await c.Service<PointsInvariants>().CheckAsync(c.GetArgument<string?>("memberId")));

    public override void AddMutations(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<PointsAdjustPayloadType>>("pointsAdjust")
            .Description("Adds (positive) or removes (negative) points with a reason. Idempotent on idempotencyKey per member.")
            .Argument<NonNullGraphType<PointsAdjustInputType>>("input")
            .RequirePermission(Permissions.ManagePoints)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<PointsAdjustment>().AdjustAsync((string)input["memberId"]!, Convert.ToInt64(input["points"]),
                    input["reason"] as string, (string)input["idempotencyKey"]!, c.Actor());
            });
}
