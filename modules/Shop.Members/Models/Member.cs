namespace Shop.Members.Models;

/// <summary>A member as stored. The phone is personal data: every output path masks it.</summary>
public sealed record Member
{
    public required string Id { get; init; }
    public required string DisplayName { get; init; }
    public string? Phone { get; init; }
    /// <summary>Local calendar date, yyyy-MM-dd.</summary>
    public string? Birthday { get; init; }
    public string? Gender { get; init; }
    public string? City { get; init; }
    public required string RegistrationChannel { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
}

/// <summary>One way a member signs in (One-ID: a member may hold several).</summary>
public sealed record MemberIdentity
{
    public required string Provider { get; init; }
    public required string Subject { get; init; }
    public string? UnionId { get; init; }
    public required string MemberId { get; init; }
    public long CreatedAt { get; init; }
}

public static class Genders
{
    public static readonly string[] All = ["male", "female", "unknown"];
}

/// <summary>The fields staff may set; null means "leave as is" on update.</summary>
public sealed record MemberInput(string? DisplayName, string? Phone, string? Birthday, string? Gender, string? City, string? RegistrationChannel);

public sealed record MemberFilter(string? Phone, string? Name, string? Channel);
