using System.Globalization;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Privacy;
using Shop.Members.Models;
using Shop.Members.Services;

namespace Shop.Members.Admin.Members;

/// <summary>How the member pages show values. Phones only ever leave here masked.</summary>
public static class MemberDisplay
{
    public static string Time(long unixMs) =>
        Instant.FromUnixMs(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>Fen as yuan with two decimals: 12345 → "¥123.45". Integer arithmetic, no floating point.</summary>
    public static string Yuan(long fen) =>
        (fen < 0 ? "-¥" : "¥") + (Math.Abs(fen) / 100).ToString("N0", CultureInfo.InvariantCulture) + "." + (Math.Abs(fen) % 100).ToString("00", CultureInfo.InvariantCulture);

    public static string Phone(string? phone) => PhoneMask.Mask(phone) is { Length: > 0 } masked ? masked : "—";

    /// <summary>A login subject: phone-number subjects are masked like phones; opaque ids are shortened.</summary>
    public static string Subject(MemberIdentity identity)
    {
        var subject = identity.Subject;
        if (identity.Provider == "phone" || MemberRules.NormalizePhone(subject) is not null) return PhoneMask.Mask(subject) ?? "";
        return subject.Length <= 12 ? subject : $"{subject[..6]}…{subject[^4..]}";
    }

    public static string Gender(string? gender) => gender switch
    {
        "male" => "Male",
        "female" => "Female",
        "unknown" => "Unknown",
        null or "" => "—",
        _ => gender,
    };

    public static string OrDash(string? value) => string.IsNullOrWhiteSpace(value) ? "—" : value;
}
