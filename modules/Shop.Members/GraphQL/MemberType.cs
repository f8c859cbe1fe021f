using GraphQL.Types;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Privacy;
using Shop.Members.Models;
using Shop.Members.Services;

namespace Shop.Members.GraphQL;

/// <summary>A member on either schema. The phone is always masked.</summary>
public sealed class MemberType : ObjectGraphType<Member>
{
    public MemberType(IEnumerable<GraphTypeExtension<MemberType>> extensions)
    {
        Name = "Member";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("displayName").Resolve(c => c.Source.DisplayName);
        Field<StringGraphType>("phone").Description("Masked, e.g. 138****0000.").Resolve(c => PhoneMask.Mask(c.Source.Phone));
        Field<LocalDateGraphType>("birthday").Description("yyyy-MM-dd").Resolve(c => c.Source.Birthday);
        Field<StringGraphType>("gender").Description("male, female or unknown").Resolve(c => c.Source.Gender);
        Field<StringGraphType>("city").Resolve(c => c.Source.City);
        Field<NonNullGraphType<StringGraphType>>("registrationChannel").Resolve(c => c.Source.RegistrationChannel);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => Instant.FromUnixMs(c.Source.CreatedAt));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberIdentityType>>>>("identities")
            .Description("The sign-in identities this member holds (One-ID). Batched across a page of members.")
            .Resolve(c => c.Service<DataLoaders>()
                .Get<string, IReadOnlyList<MemberIdentity>>("member-identities",
                    async (ids, _) => await c.Service<MemberService>().IdentitiesAsync(ids))
                .Load(c.Source.Id)
                .Then(list => list ?? []));
        foreach (var extension in extensions) extension.Extend(this);
    }
}

public sealed class MemberIdentityType : ObjectGraphType<MemberIdentity>
{
    public MemberIdentityType()
    {
        Name = "MemberIdentity";
        Field<NonNullGraphType<StringGraphType>>("provider").Resolve(c => c.Source.Provider);
        Field<NonNullGraphType<StringGraphType>>("subject")
            .Description("Provider subject; phone subjects are masked.")
            .Resolve(c => c.Source.Provider == "phone" ? PhoneMask.Mask(c.Source.Subject) : c.Source.Subject);
        Field<BooleanGraphType>("hasUnionId").Resolve(c => c.Source.UnionId is not null);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => Instant.FromUnixMs(c.Source.CreatedAt));
    }
}

public sealed class MemberPayloadType : ObjectGraphType<MemberResult>
{
    public MemberPayloadType()
    {
        Name = "MemberPayload";
        Description = "Codes: VALIDATION, NOT_FOUND, PHONE_TAKEN.";
        Field<MemberType>("member").Resolve(c => c.Source.Member);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
