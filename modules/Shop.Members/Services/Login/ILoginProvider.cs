namespace Shop.Members.Services;

/// <summary>
/// Turns what a client sends (a mini-program code, a one-time password...) into a verified
/// external identity. Providers are looked up by <see cref="Name"/> from the login mutation.
/// </summary>
public interface ILoginProvider
{
    string Name { get; }

    bool Enabled { get; }

    Task<LoginProviderResult> VerifyAsync(string code, CancellationToken cancellationToken);
}

/// <summary>A verified identity; phone is set only when the provider vouches for it.</summary>
public sealed record ExternalIdentity(string Provider, string Subject, string? UnionId, string? Phone, string Channel);

public sealed record LoginProfile(string? DisplayName, string? Gender, string? City, string? Birthday);

public sealed record LoginProviderResult(ExternalIdentity? Identity, string? ErrorCode, string? ErrorMessage)
{
    public static LoginProviderResult Ok(ExternalIdentity identity) => new(identity, null, null);
    public static LoginProviderResult Fail(string code, string message) => new(null, code, message);
}

public static class LoginErrorCodes
{
    public const string UnknownProvider = "UNKNOWN_PROVIDER";
    public const string ProviderDisabled = "PROVIDER_DISABLED";
    public const string InvalidCode = "INVALID_CODE";
    public const string ProviderUnavailable = "PROVIDER_UNAVAILABLE";
}
