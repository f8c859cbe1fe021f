using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using Shop.Framework.GraphQL;
using Shop.Members.Models;
using Shop.Members.Services;

namespace Shop.Members.GraphQL;

public sealed class MemberAdminFields : AdminFields
{
    public override void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<MemberType, EdgeType<MemberType>>>>("members")
            .Description("Members, newest first.")
            .Argument<MemberFilterInputType>("filter")
            .Argument<IntGraphType>("first").Argument<StringGraphType>("after")
            .RequirePermission(Permissions.ViewMembers)
            .ResolveAsync(async c =>
            {
                var page = Paging.Request(c);
                var f = c.GetArgument<Dictionary<string, object?>>("filter") ?? [];
                var (rows, total) = await c.Service<MemberService>().ListAsync(new MemberFilter(
                    f.GetValueOrDefault("phone") as string, f.GetValueOrDefault("name") as string, f.GetValueOrDefault("channel") as string), page);
                return Paging.Connection(page, rows, m => m.Id, total);
            });
        query.Field<MemberType>("member")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .RequirePermission(Permissions.ViewMembers)
            .ResolveAsync(async c => await c.Service<MemberService>().GetAsync(c.GetArgument<string>("id")));
    }

    public override void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<MemberPayloadType>>("memberCreate")
            .Argument<NonNullGraphType<MemberCreateInputType>>("input")
            .RequirePermission(Permissions.ManageMembers)
            .ResolveAsync(async c => await c.Service<MemberService>().CreateAsync(ReadInput(c)));
        mutation.Field<NonNullGraphType<MemberPayloadType>>("memberUpdate")
            .Description("Sets the given fields; an empty string clears an optional one.")
            .Argument<NonNullGraphType<MemberUpdateInputType>>("input")
            .RequirePermission(Permissions.ManageMembers)
            .ResolveAsync(async c => await c.Service<MemberService>().UpdateAsync(
                (string)c.GetArgument<Dictionary<string, object?>>("input")["id"]!, ReadInput(c)));
    }

    private static MemberInput ReadInput(IResolveFieldContext c)
    {
        var i = c.GetArgument<Dictionary<string, object?>>("input");
        return new MemberInput(i.GetValueOrDefault("displayName") as string, i.GetValueOrDefault("phone") as string,
            i.GetValueOrDefault("birthday") as string, i.GetValueOrDefault("gender") as string,
            i.GetValueOrDefault("city") as string, i.GetValueOrDefault("registrationChannel") as string);
    }
}

public sealed class MemberFilterInputType : InputObjectGraphType
{
    public MemberFilterInputType()
    {
        Name = "MemberFilter";
        Field<StringGraphType>("phone").Description("Exact phone number.");
        Field<StringGraphType>("name").Description("Part of the display name.");
        Field<StringGraphType>("channel").Description("Registration channel.");
    }
}

public sealed class MemberCreateInputType : InputObjectGraphType
{
    public MemberCreateInputType()
    {
        Name = "MemberCreateInput";
        Field<NonNullGraphType<StringGraphType>>("displayName");
        MemberProfileFields.AddTo(this);
    }
}

public sealed class MemberUpdateInputType : InputObjectGraphType
{
    public MemberUpdateInputType()
    {
        Name = "MemberUpdateInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("displayName");
        MemberProfileFields.AddTo(this);
    }
}

internal static class MemberProfileFields
{
    public static void AddTo(InputObjectGraphType type)
    {
        type.Field<StringGraphType>("phone").Description("Mainland mobile number; stored, shown masked.");
        // String, not the Date scalar: Date refuses "", and "" is how an update clears the birthday.
        // MemberRules checks the format, so a wrong date is a VALIDATION error in the payload.
        type.Field<StringGraphType>("birthday").Description("yyyy-MM-dd; an empty string clears it.");
        type.Field<StringGraphType>("gender").Description("male, female or unknown");
        type.Field<StringGraphType>("city");
        type.Field<StringGraphType>("registrationChannel");
    }
}
