using GraphQL.Types;

namespace Shop.Framework.GraphQL;

/// <summary>An expected business failure, returned in a mutation payload's <c>errors</c>.</summary>
public sealed record UserError(string Code, string Message, string? Field = null);

public sealed class UserErrorType : ObjectGraphType<UserError>
{
    public UserErrorType()
    {
        Name = "UserError";
        Description = "An expected failure: `code` is UPPER_SNAKE and stable, `field` names the input path when one input is at fault.";
        Field(e => e.Code);
        Field(e => e.Message);
        Field(e => e.Field, nullable: true);
    }
}

/// <summary>Common codes every module may return.</summary>
public static class ErrorCodes
{
    public const string Validation = "VALIDATION";
    public const string NotFound = "NOT_FOUND";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string AccessDenied = "ACCESS_DENIED";
    public const string Conflict = "CONFLICT";
    public const string PageSizeExceeded = "PAGE_SIZE_EXCEEDED";
    public const string InvalidCursor = "INVALID_CURSOR";
}
