using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using Shop.Audiences.Models;
using Shop.Audiences.Services;
using Shop.Framework.GraphQL;

namespace Shop.Audiences.GraphQL;

public sealed class AudienceAdminFields : AdminFields
{
    public override void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<AudiencePreviewType>>("audiencePreview")
            .Description("Counts the members a rule matches now and returns a sample of them (from the member index).")
            .Argument<NonNullGraphType<GraphQLClrInputTypeReference<AudienceRule>>>("rule")
            .Argument<IntGraphType>("sample", "Members to return, 0-50 (default 10).")
            .RequirePermission(Permissions.ViewAudiences)
            .ResolveAsync(async c => await c.Service<AudienceQueries>().PreviewAsync(c.GetArgument<AudienceRule>("rule"), c.GetArgument<int?>("sample") ?? 10, c.CancellationToken));
        query.Field<LongGraphType>("audienceCount")
            .Description("Members of a published audience now; null when it is not published or its rule no longer fits the index.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .RequirePermission(Permissions.ViewAudiences)
            .ResolveAsync(async c => await c.Service<AudienceCatalog>().AudienceAsync(c.GetArgument<string>("id")) is { } a
                ? await c.Service<AudienceQueries>().CountAsync(a, c.CancellationToken) : null);
        query.Field<NonNullGraphType<ConnectionType<AudienceJobType, EdgeType<AudienceJobType>>>>("audienceJobs")
            .Description("Audience jobs (coupon pushes, snapshots), newest first, optionally of one audience.")
            .Argument<IdGraphType>("audienceId")
            .PagingArguments()
            .RequirePermission(Permissions.ViewAudiences)
            .ResolveAsync(async c =>
            {
                var page = Paging.Request(c);
                var (rows, total) = await c.Service<AudienceJobStore>().ListAsync(c.GetArgument<string?>("audienceId"), page);
                return Paging.Connection(page, rows, r => r.Id, total);
            });
        query.Field<AudienceJobType>("audienceJob")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .RequirePermission(Permissions.ViewAudiences)
            .ResolveAsync(async c => await c.Service<AudienceJobStore>().GetAsync(c.GetArgument<string>("id")));
    }

    public override void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<MemberTagPayloadType>>("memberTag")
            .Description("Adds and removes manual tags on a member.")
            .Argument<NonNullGraphType<MemberTagInputType>>("input")
            .RequirePermission(Permissions.ManageAudiences)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<MemberTagService>().ChangeAsync([(string)input["memberId"]!], Strings(input, "add"), Strings(input, "remove"), c.Actor());
            });
        mutation.Field<NonNullGraphType<MemberTagPayloadType>>("memberTagBulk")
            .Description("Adds and removes manual tags on up to 1000 members at once.")
            .Argument<NonNullGraphType<MemberTagBulkInputType>>("input")
            .RequirePermission(Permissions.ManageAudiences)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<MemberTagService>().ChangeAsync(Strings(input, "memberIds"), Strings(input, "add"), Strings(input, "remove"), c.Actor());
            });
        mutation.Field<NonNullGraphType<AudienceJobPayloadType>>("couponIssueToAudience")
            .Description("Issues one coupon of a template to every member of a published audience, in the background (see audienceJob). Idempotent on the key.")
            .Argument<NonNullGraphType<CouponIssueToAudienceInputType>>("input")
            .RequirePermission(Permissions.ManageAudiences)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<AudienceJobService>().IssueCouponsAsync((string)input["templateId"]!, (string)input["audienceId"]!,
                    input["idempotencyKey"] as string, c.Actor(), c.CancellationToken);
            });
    }

    private static List<string> Strings(Dictionary<string, object?> input, string name) =>
        (input.GetValueOrDefault(name) as IEnumerable<object?>)?.Select(o => o!.ToString()!).ToList() ?? [];
}

public sealed class MemberTagInputType : InputObjectGraphType
{
    public MemberTagInputType()
    {
        Name = "MemberTagInput";
        Field<NonNullGraphType<IdGraphType>>("memberId");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("add");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("remove");
    }
}

public sealed class MemberTagBulkInputType : InputObjectGraphType
{
    public MemberTagBulkInputType()
    {
        Name = "MemberTagBulkInput";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("memberIds");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("add");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("remove");
    }
}

public sealed class CouponIssueToAudienceInputType : InputObjectGraphType
{
    public CouponIssueToAudienceInputType()
    {
        Name = "CouponIssueToAudienceInput";
        Field<NonNullGraphType<IdGraphType>>("templateId");
        Field<NonNullGraphType<IdGraphType>>("audienceId");
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey");
    }
}
