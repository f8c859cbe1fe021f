using GraphQL;
using GraphQL.Types;
using Shop.Framework.GraphQL;
using Shop.Members.Services;

namespace Shop.Members.GraphQL;

public sealed class MemberStorefrontFields : StorefrontFields
{
    public override void AddQueries(ObjectGraphType query)
    {
        query.Field<MemberType>("me")
            .Description("The signed-in member; null when anonymous.")
            .ResolveAsync(async c => c.MemberId() is { } id ? await c.Service<MemberService>().GetAsync(id) : null);
    }

    public override void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<LoginPayloadType>>("login")
            .Description("Signs a member in, creating the member on first sign-in. Send the token as Authorization: Bearer <token>.")
            .Argument<NonNullGraphType<LoginInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var profile = input.GetValueOrDefault("profile") is Dictionary<string, object?> p
                    ? new LoginProfile(p.GetValueOrDefault("displayName") as string, p.GetValueOrDefault("gender") as string,
                        p.GetValueOrDefault("city") as string, p.GetValueOrDefault("birthday") as string)
                    : null;
                var result = await c.Service<LoginService>().LoginAsync((string)input["provider"]!, (string)input["code"]!, profile, c.CancellationToken);
                if (result.Member is { } member) c.SignedIn(member.Id);
                return result;
            });
    }
}

public sealed class LoginInputType : InputObjectGraphType
{
    public LoginInputType()
    {
        Name = "LoginInput";
        Field<NonNullGraphType<StringGraphType>>("provider").Description("dev (Development only: a phone number as code) or miniprogram.");
        Field<NonNullGraphType<StringGraphType>>("code");
        Field<LoginProfileInputType>("profile").Description("Used to fill the profile when the member is created.");
    }
}

public sealed class LoginProfileInputType : InputObjectGraphType
{
    public LoginProfileInputType()
    {
        Name = "LoginProfileInput";
        Field<StringGraphType>("displayName");
        Field<StringGraphType>("gender");
        Field<StringGraphType>("city");
        Field<LocalDateGraphType>("birthday");
    }
}

public sealed class LoginPayloadType : ObjectGraphType<LoginResult>
{
    public LoginPayloadType()
    {
        Name = "LoginPayload";
        Description = "Codes: UNKNOWN_PROVIDER, PROVIDER_DISABLED, INVALID_CODE, PROVIDER_UNAVAILABLE, VALIDATION.";
        Field<StringGraphType>("token").Resolve(c => c.Source.Token);
        Field<MemberType>("member").Resolve(c => c.Source.Member);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
