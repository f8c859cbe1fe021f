using Shop.Members.Models;

namespace Shop.Members.Admin.Members;

/// <summary>The staff-editable profile fields as posted by the member forms.</summary>
public sealed class MemberForm
{
    public string? DisplayName { get; set; }
    public string? Birthday { get; set; }
    public string? Gender { get; set; }
    public string? City { get; set; }

    public static MemberForm From(Member member) => new()
    {
        DisplayName = member.DisplayName,
        Birthday = member.Birthday,
        Gender = member.Gender,
        City = member.City,
    };

    /// <summary>
    /// Model binding turns an emptied box into null, which the service reads as "leave as is";
    /// a form always sends every field, so empty here means "clear it".
    /// </summary>
    public MemberInput ToUpdate() => new(DisplayName ?? "", Phone: null, Birthday ?? "", Gender ?? "", City ?? "", RegistrationChannel: null);
}
