using Shop.Framework.GraphQL;
using Shop.Members.Models;

namespace Shop.Members.Services;

public sealed record MemberResult(Member? Member, IReadOnlyList<UserError> Errors)
{
    public static MemberResult Ok(Member member) => new(member, []);
    public static MemberResult Fail(IReadOnlyList<UserError> errors) => new(null, errors);
    public static MemberResult Fail(string code, string message, string? field = null) => new(null, [new UserError(code, message, field)]);
}

public static class MemberErrorCodes
{
    public const string PhoneTaken = "PHONE_TAKEN";
}
