using Shop.Framework.Auth;

namespace Shop.Members.Services;

/// <summary>
/// Development sign-in: the code is a phone number, trusted as is. Enabled only by
/// <c>Shop:Auth:DevLogin</c> (on by default in Development, off elsewhere).
/// </summary>
public sealed class DevLoginProvider(AuthOptions options) : ILoginProvider
{
    public string Name => "dev";

    public bool Enabled => options.DevLogin;

    public Task<LoginProviderResult> VerifyAsync(string code, CancellationToken cancellationToken)
    {
        var phone = MemberRules.NormalizePhone(code);
        return Task.FromResult(phone is null
            ? LoginProviderResult.Fail(LoginErrorCodes.InvalidCode, "The dev provider takes a mainland mobile number as code.")
            : LoginProviderResult.Ok(new ExternalIdentity("phone", phone, null, phone, "dev")));
    }
}
