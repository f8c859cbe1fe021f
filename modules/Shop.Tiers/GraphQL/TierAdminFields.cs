using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using Shop.Framework.GraphQL;
using Shop.Tiers.Services;

namespace Shop.Tiers.GraphQL;

public sealed class TierAdminFields : AdminFields
{
    public override void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<TierChangeType, EdgeType<TierChangeType>>>>("tierChanges")
            .Description("A member's level changes, newest first.")
            .Argument<NonNullGraphType<IdGraphType>>("memberId")
            .Argument<IntGraphType>("first").Argument<StringGraphType>("after")
            .RequirePermission(Permissions.ViewTiers)
            .ResolveAsync(async c =>
            {
                var page = Paging.Request(c);
                var (rows, total) = await c.Service<TierQueries>().ChangesAsync(c.GetArgument<string>("memberId"), page);
                return Paging.Connection(page, rows, r => r.Id, total);
            });

    public override void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<TierSetPayloadType>>("tierSet")
            .Description("Sets a member's level by hand (0 or a published level); logged with reason admin. Growth value is untouched; an upgrade grants the gifts of levels reached for the first time.")
            .Argument<NonNullGraphType<TierSetInputType>>("input")
            .RequirePermission(Permissions.ManageTiers)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var memberId = (string)input["memberId"]!;
                return new TierSetPayload(memberId, await c.Service<TierAdminService>().SetLevelAsync(memberId, Convert.ToInt32(input["level"]), input["reason"] as string));
            });
        mutation.Field<NonNullGraphType<GrowthAdjustPayloadType>>("growthAdjust")
            .Description("Adds (or, negative, deducts) growth value by hand. Reaching a threshold upgrades at once; a deduction never lowers the level.")
            .Argument<NonNullGraphType<GrowthAdjustInputType>>("input")
            .RequirePermission(Permissions.ManageTiers)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var memberId = (string)input["memberId"]!;
                var result = await c.Service<GrowthLedger>().AdjustAsync(memberId, Convert.ToInt64(input["growth"]),
                    input["reason"] as string, (string)input["idempotencyKey"]!, c.Actor());
                return new GrowthAdjustPayload(memberId, result);
            });
    }
}

public sealed record GrowthAdjustPayload(string MemberId, GrowthResult Result);

public sealed class GrowthAdjustInputType : InputObjectGraphType
{
    public GrowthAdjustInputType()
    {
        Name = "GrowthAdjustInput";
        Field<NonNullGraphType<IdGraphType>>("memberId");
        Field<NonNullGraphType<LongGraphType>>("growth").Description("Positive adds, negative deducts (never below zero).");
        Field<NonNullGraphType<StringGraphType>>("reason");
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey");
    }
}

public sealed class GrowthAdjustPayloadType : ObjectGraphType<GrowthAdjustPayload>
{
    public GrowthAdjustPayloadType()
    {
        Name = "GrowthAdjustPayload";
        Description = "Codes: VALIDATION, NOT_FOUND, INSUFFICIENT_GROWTH.";
        Field<LongGraphType>("growthValue").Description("After the adjustment (the first result again on a replay).")
            .Resolve(c => c.Source.Result.Succeeded ? c.Source.Result.GrowthValue : null);
        Field<IntGraphType>("level").Resolve(c => c.Source.Result.Succeeded ? c.Source.Result.Level : null);
        Field<MemberTierType>("tier").Description("The member's tier now.")
            .ResolveAsync(async c => c.Source.Result.Succeeded ? await c.Service<TierQueries>().ViewAsync(c.Source.MemberId) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Result.Errors);
    }
}

public sealed record TierSetPayload(string MemberId, TierSetResult Result);

public sealed class TierSetInputType : InputObjectGraphType
{
    public TierSetInputType()
    {
        Name = "TierSetInput";
        Field<NonNullGraphType<IdGraphType>>("memberId");
        Field<NonNullGraphType<IntGraphType>>("level");
        Field<NonNullGraphType<StringGraphType>>("reason");
    }
}

public sealed class TierSetPayloadType : ObjectGraphType<TierSetPayload>
{
    public TierSetPayloadType()
    {
        Name = "TierSetPayload";
        Description = "Codes: VALIDATION, NOT_FOUND, CONFLICT.";
        Field<MemberTierType>("tier").Description("The member's tier now.")
            .ResolveAsync(async c => c.Source.Result.Errors.Count == 0 ? await c.Service<TierQueries>().ViewAsync(c.Source.MemberId) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Result.Errors);
    }
}
