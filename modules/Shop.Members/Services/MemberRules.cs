using System.Globalization;
using System.Text.RegularExpressions;
using Shop.Framework.GraphQL;
using Shop.Members.Models;

namespace Shop.Members.Services;

/// <summary>Input rules shared by admin edits and login profiles.</summary>
public static partial class MemberRules
{
    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MainlandMobile();

    /// <summary>Strips spaces, dashes and a +86 prefix; null when it is not a mainland mobile number.</summary>
    public static string? NormalizePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string(phone.Where(char.IsDigit).ToArray());
        if (phone.TrimStart().StartsWith("+86") || (digits.Length == 13 && digits.StartsWith("86"))) digits = digits[2..];
        return MainlandMobile().IsMatch(digits) ? digits : null;
    }

    public static List<UserError> Validate(MemberInput input, bool creating)
    {
        var errors = new List<UserError>();
        if (creating && string.IsNullOrWhiteSpace(input.DisplayName))
            errors.Add(new(ErrorCodes.Validation, "A display name is required.", "displayName"));
        if (input.DisplayName is { } name && (name.Trim().Length is 0 or > 100))
            errors.Add(new(ErrorCodes.Validation, "The display name must be 1 to 100 characters.", "displayName"));
        if (!string.IsNullOrEmpty(input.Phone) && NormalizePhone(input.Phone) is null)
            errors.Add(new(ErrorCodes.Validation, "The phone must be a mainland China mobile number (11 digits starting with 1).", "phone"));
        if (!string.IsNullOrEmpty(input.Birthday) &&
            !DateOnly.TryParseExact(input.Birthday, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            errors.Add(new(ErrorCodes.Validation, "The birthday must be a date like 1990-05-17.", "birthday"));
        if (!string.IsNullOrEmpty(input.Gender) && !Genders.All.Contains(input.Gender))
            errors.Add(new(ErrorCodes.Validation, "The gender must be male, female or unknown.", "gender"));
        if (input.City is { Length: > 50 })
            errors.Add(new(ErrorCodes.Validation, "The city is at most 50 characters.", "city"));
        if (input.RegistrationChannel is { Length: > 30 })
            errors.Add(new(ErrorCodes.Validation, "The channel is at most 30 characters.", "registrationChannel"));
        return errors;
    }
}
