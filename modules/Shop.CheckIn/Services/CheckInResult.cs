using Shop.CheckIn.Models;
using Shop.Framework.GraphQL;

namespace Shop.CheckIn.Services;

public sealed record CheckInResult(CheckInRecord? Record, IReadOnlyList<UserError> Errors)
{
    public static CheckInResult Ok(CheckInRecord record) => new(record, []);

    public static CheckInResult Fail(string code, string? field = null) => new(null, [new UserError(code, Messages.For(code), field)]);

    public static CheckInResult Fail(IReadOnlyList<UserError> errors) => new(null, errors);

    private static class Messages
    {
        public static string For(string code) => code switch
        {
            CheckInErrorCodes.NotAvailable => "Check-in is not available: no check-in programme is published.",
            CheckInErrorCodes.AlreadyCheckedIn => "Already checked in on that day.",
            CheckInErrorCodes.MakeUpDisabled => "Make-up check-ins are not offered.",
            CheckInErrorCodes.MakeUpOutOfRange => "That day cannot be made up: it must be a past day of the current cycle within the make-up window.",
            CheckInErrorCodes.MakeUpLimitReached => "No make-up check-ins left in this cycle.",
            ErrorCodes.Unauthenticated => "Sign in to check in.",
            _ => code,
        };
    }
}

/// <summary>
/// Raised inside the check-in transaction to roll it back with a typed answer: a refused points
/// spend, or the day turning out taken after the summary already counted it
/// (<see cref="DayTaken"/>, answered with the key's first record when this call is its replay).
/// </summary>
internal sealed class CheckInRefused(IReadOnlyList<UserError> errors, bool dayTaken = false) : Exception("check-in refused")
{
    public IReadOnlyList<UserError> Errors { get; } = errors;

    public bool IsDayTaken { get; } = dayTaken;

    public static CheckInRefused DayTaken() => new(CheckInResult.Fail(CheckInErrorCodes.AlreadyCheckedIn).Errors, dayTaken: true);
}
