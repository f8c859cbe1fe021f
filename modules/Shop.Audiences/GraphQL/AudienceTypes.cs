using GraphQL.Types;
using Shop.Audiences.Models;
using Shop.Audiences.Services;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Members.GraphQL;

namespace Shop.Audiences.GraphQL;

public sealed class AudiencePreviewType : ObjectGraphType<AudiencePreview>
{
    public AudiencePreviewType()
    {
        Name = "AudiencePreview";
        Description = "Codes: VALIDATION (field paths point at the condition).";
        Field<NonNullGraphType<LongGraphType>>("count").Resolve(c => c.Source.Count);
        // The sample is member profiles: it needs what the members list needs, not only Audiences.View.
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberType>>>>("sample")
            .Description("Some of the matching members; needs Members.View.")
            .RequirePermission(Shop.Members.Permissions.ViewMembers)
            .Resolve(c => c.Source.Sample);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class AudienceJobType : ObjectGraphType<AudienceJob>
{
    public AudienceJobType()
    {
        Name = "AudienceJob";
        Description = "Work over an audience in batches: kind couponIssue or snapshot; state pending, done or failed.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<IdGraphType>>("audienceId").Resolve(c => c.Source.AudienceId);
        Field<IdGraphType>("templateId").Resolve(c => c.Source.TemplateId);
        Field<NonNullGraphType<StringGraphType>>("state").Resolve(c => c.Source.State);
        Field<NonNullGraphType<LongGraphType>>("total").Description("Audience size when the job started.").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<LongGraphType>>("processed").Resolve(c => c.Source.Processed);
        Field<NonNullGraphType<LongGraphType>>("succeeded").Resolve(c => c.Source.Succeeded);
        Field<NonNullGraphType<LongGraphType>>("failed").Description("Members a coupon could not be issued to (limit, stock, tier).").Resolve(c => c.Source.Failed);
        Field<StringGraphType>("error").Resolve(c => c.Source.Error);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => Instant.FromUnixMs(c.Source.CreatedAt));
        Field<DateTimeOffsetGraphType>("finishedAt").Resolve(c => Instant.FromUnixMs(c.Source.FinishedAt));
    }
}

public sealed class AudienceJobPayloadType : ObjectGraphType<AudienceJobResult>
{
    public AudienceJobPayloadType()
    {
        Name = "CouponIssueToAudiencePayload";
        Description = "Codes: VALIDATION, NOT_FOUND, NOT_AVAILABLE (the template does not allow the audience channel).";
        Field<AudienceJobType>("job").Resolve(c => c.Source.Job);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class MemberTagPayloadType : ObjectGraphType<MemberTagResult>
{
    public MemberTagPayloadType()
    {
        Name = "MemberTagPayload";
        Description = "Codes: VALIDATION, NOT_FOUND.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberTagsType>>>>("members").Resolve(c => c.Source.Tags.ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class MemberTagsType : ObjectGraphType<KeyValuePair<string, IReadOnlyList<string>>>
{
    public MemberTagsType()
    {
        Name = "MemberTags";
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Resolve(c => c.Source.Value);
    }
}

public sealed class MemberRfmType : ObjectGraphType<MemberRfm>
{
    public MemberRfmType()
    {
        Name = "MemberRfm";
        Field<NonNullGraphType<IntGraphType>>("r").Resolve(c => c.Source.R);
        Field<NonNullGraphType<IntGraphType>>("f").Resolve(c => c.Source.F);
        Field<NonNullGraphType<IntGraphType>>("m").Resolve(c => c.Source.M);
        Field<NonNullGraphType<StringGraphType>>("segment").Resolve(c => c.Source.Segment);
        Field<NonNullGraphType<StringGraphType>>("label").Resolve(c => RfmSegments.Labels.GetValueOrDefault(c.Source.Segment, c.Source.Segment));
        Field<NonNullGraphType<LongGraphType>>("recencyDays").Resolve(c => c.Source.RecencyDays);
        Field<NonNullGraphType<LongGraphType>>("frequency").Resolve(c => c.Source.Frequency);
        Field<NonNullGraphType<LongGraphType>>("monetaryFen").Resolve(c => c.Source.MonetaryFen);
    }
}
