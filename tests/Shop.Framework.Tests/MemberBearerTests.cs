using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.Framework.Auth;

namespace Shop.Framework.Tests;

/// <summary>
/// The storefront's member from a bearer token: a valid token gives the member, with their id as
/// the member claim once however often the token is used (its identity is cached); anything else,
/// a token signed with another key, expired, without a subject or empty, gives no one.
/// </summary>
public sealed class MemberBearerTests : MemberTokenTests
{
    [Fact]
    public async Task A_valid_token_gives_its_member_with_one_member_claim_on_every_use()
    {
        var bearer = new MemberBearer(Tokens, Clock);
        var token = Tokens.Issue("mbr_7", "小李");

        var uses = new List<ClaimsPrincipal>();
        for (var i = 0; i < 4; i++) uses.Add((await bearer.AuthenticateAsync(token))!);

        Assert.All(uses, principal =>
        {
            Assert.True(principal.Identity!.IsAuthenticated);
            Assert.Equal("mbr_7", principal.MemberId());
            Assert.Single(principal.FindAll(ShopClaims.Member));
            Assert.Equal("小李", principal.Identity.Name);
        });
        Assert.Equal(4, uses.Select(p => p.Identity).Distinct().Count());
        Assert.Equal(1, bearer.Cache.Count);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_expired_without_a_subject_or_empty_gives_no_one()
    {
        var bearer = new MemberBearer(Tokens, Clock);
        var otherKey = new MemberTokens(new AuthOptions { JwtSigningKey = new string('x', 64) }, Clock).Issue("mbr_7", "小李");
        var noSubject = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Options.Issuer,
            Audience = MemberTokens.Audience,
            Expires = Clock.GetUtcNow().UtcDateTime.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("name", "nobody")]),
            SigningCredentials = new SigningCredentials(Tokens.SigningKey, SecurityAlgorithms.HmacSha256),
        });
        var expiring = Tokens.Issue("mbr_8", "小赵");
        Assert.NotNull(await bearer.AuthenticateAsync(expiring));
        Assert.NotNull(await bearer.AuthenticateAsync(expiring));

        Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(2));

        Assert.Null(await bearer.AuthenticateAsync(otherKey));
        Assert.Null(await bearer.AuthenticateAsync(noSubject));
        Assert.Null(await bearer.AuthenticateAsync(expiring));
        Assert.Null(await bearer.AuthenticateAsync(""));
        Assert.Null(await bearer.AuthenticateAsync("   "));
        Assert.Null(await bearer.AuthenticateAsync("not-a-jwt"));
    }
}
