using Shop.Framework.GraphQL;

namespace Shop.PointsMall.Services;

/// <summary>The mall's error codes beyond the framework's (<see cref="ErrorCodes"/>).</summary>
public static class MallErrorCodes
{
    public const string InsufficientPoints = "INSUFFICIENT_POINTS";
    public const string OutOfStock = "OUT_OF_STOCK";
    public const string LimitReached = "LIMIT_REACHED";
    public const string NotEligible = "NOT_ELIGIBLE";
    public const string NotAvailable = "NOT_AVAILABLE";
    public const string NotCancellable = "NOT_CANCELLABLE";
    public const string InvalidStatus = "INVALID_STATUS";
}

/// <summary>Typed errors with the message members and staff read.</summary>
public static class MallErrors
{
    public static UserError Of(string code, string? field = null, string? message = null) => new(code, message ?? MessageFor(code), field);

    public static IReadOnlyList<UserError> List(string code, string? field = null, string? message = null) => [Of(code, field, message)];

    private static string MessageFor(string code) => code switch
    {
        MallErrorCodes.InsufficientPoints => "Not enough points.",
        MallErrorCodes.OutOfStock => "This reward is out of stock.",
        MallErrorCodes.LimitReached => "You have redeemed as many of this reward as allowed.",
        MallErrorCodes.NotEligible => "This reward is not offered to you.",
        MallErrorCodes.NotAvailable => "This reward cannot be redeemed now.",
        ErrorCodes.NotFound => "No such reward.",
        ErrorCodes.Unauthenticated => "Sign in to redeem rewards.",
        _ => code,
    };
}

/// <summary>
/// Raised inside a transaction to roll all of it back (points spent, stock and counts taken, a
/// coupon issued) and answer with typed errors once outside.
/// </summary>
internal sealed class MallRefused(IReadOnlyList<UserError> errors) : Exception("points mall operation refused")
{
    public IReadOnlyList<UserError> Errors { get; } = errors;

    public MallRefused(string code, string? field = null, string? message = null) : this(MallErrors.List(code, field, message)) { }
}
