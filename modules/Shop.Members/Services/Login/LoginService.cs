using Shop.Framework.Auth;
using Shop.Framework.GraphQL;
using Shop.Members.Models;

namespace Shop.Members.Services;

public sealed record LoginResult(string? Token, Member? Member, IReadOnlyList<UserError> Errors);

/// <summary>Verifies with the named provider, finds or creates the member, issues the member JWT.</summary>
public sealed class LoginService(IEnumerable<ILoginProvider> providers, MemberService members, MemberTokens tokens)
{
    public async Task<LoginResult> LoginAsync(string providerName, string code, LoginProfile? profile, CancellationToken cancellationToken)
    {
        var provider = providers.FirstOrDefault(p => p.Name == providerName);
        if (provider is null) return Fail(LoginErrorCodes.UnknownProvider, $"No login provider '{providerName}'.", "provider");
        if (!provider.Enabled) return Fail(LoginErrorCodes.ProviderDisabled, $"The '{providerName}' login is not enabled on this server.", "provider");

        if (profile is not null)
        {
            var profileErrors = MemberRules.Validate(new MemberInput(profile.DisplayName, null, profile.Birthday, profile.Gender, profile.City, null), creating: false);
            if (profileErrors.Count > 0) return new LoginResult(null, null, profileErrors.Select(e => e with { Field = "profile." + e.Field }).ToList());
        }

        var verified = await provider.VerifyAsync(code, cancellationToken);
        if (verified.Identity is null) return Fail(verified.ErrorCode!, verified.ErrorMessage!, "code");

        var (member, _) = await members.FindOrCreateByIdentityAsync(verified.Identity, profile);
        return new LoginResult(tokens.Issue(member.Id, member.DisplayName), member, []);
    }

    private static LoginResult Fail(string code, string message, string field) => new(null, null, [new UserError(code, message, field)]);
}
