using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Framework.Auth;

/// <summary>Bound from <c>Shop:Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>Member logins through the <c>dev</c> provider (phone number as code). Development only by default.</summary>
    public bool DevLogin { get; set; }

    /// <summary>HMAC-SHA256 key for member JWTs, at least 32 bytes. Generated into the data folder in Development when absent.</summary>
    public string? JwtSigningKey { get; set; }

    public string Issuer { get; set; } = "shop";
    public TimeSpan MemberTokenLifetime { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>Issues and describes validation of member JWTs.</summary>
public sealed class MemberTokens(AuthOptions options, TimeProvider clock)
{
    public const string Audience = "shop-storefront";

    public SymmetricSecurityKey SigningKey { get; } = new(Encoding.UTF8.GetBytes(options.JwtSigningKey!));

    public string Issue(string memberId, string displayName)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.MemberTokenLifetime,
            Subject = new ClaimsIdentity([new Claim("sub", memberId), new Claim("name", displayName)]),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromMinutes(1),
        NameClaimType = "name",
        // Tokens are issued on the injected clock, so their lifetime is checked on it too (a fake clock in tests).
        // A token without an expiry is refused: every token issued here has one, and a signed token
        // that never expires would outlive any key rotation's grace.
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return (notBefore is null || notBefore.Value <= now + TimeSpan.FromMinutes(1))
                && expires is not null && expires.Value > now - TimeSpan.FromMinutes(1);
        },
    };
}
