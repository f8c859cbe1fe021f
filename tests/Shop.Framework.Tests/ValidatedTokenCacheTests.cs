using Shop.Framework.Auth;

namespace Shop.Framework.Tests;

/// <summary>
/// Member tokens are validated in full on their first two uses and then recognised by their exact
/// text; a cached token must still expire on time, never accept a token that differs in any byte,
/// hand every request an identity of its own, and stay bounded; a token used once is not kept.
/// </summary>
public sealed class ValidatedTokenCacheTests : MemberTokenTests
{
    [Fact]
    public async Task A_correctly_signed_token_without_an_expiry_is_refused()
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var forever = handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = Options.Issuer,
            Audience = MemberTokens.Audience,
            Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", "mbr_1")]),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(Tokens.SigningKey, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });

        var result = await new ValidatedTokenCache(Clock).ValidateTokenAsync(forever, Tokens.ValidationParameters());

        Assert.DoesNotContain("\"exp\"", System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(forever.Split('.')[1])));
        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task A_token_is_kept_from_its_second_use_and_each_use_gets_its_own_identity()
    {
        var cache = new ValidatedTokenCache(Clock);
        var token = Tokens.Issue("mbr_1", "小王");

        var first = await cache.ValidateTokenAsync(token, Tokens.ValidationParameters());
        Assert.Equal(0, cache.Count); // one use: remembered by its hash only
        first.ClaimsIdentity.AddClaim(new System.Security.Claims.Claim("added", "by an event"));
        var second = await cache.ValidateTokenAsync(token, Tokens.ValidationParameters());
        Assert.Equal(1, cache.Count);
        second.ClaimsIdentity.AddClaim(new System.Security.Claims.Claim("added", "by an event"));
        var third = await cache.ValidateTokenAsync(token, Tokens.ValidationParameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.True(third.IsValid);
        Assert.Equal(2, cache.Validations);
        Assert.Equal("mbr_1", third.ClaimsIdentity.FindFirst("sub")!.Value);
        Assert.Null(third.ClaimsIdentity.FindFirst("added"));
        Assert.NotSame(second.ClaimsIdentity, third.ClaimsIdentity);
        third.ClaimsIdentity.AddClaim(new System.Security.Claims.Claim("added", "by an event"));
        var fourth = await cache.ValidateTokenAsync(token, Tokens.ValidationParameters()); // a hit again, untouched by the last one's events
        Assert.Null(fourth.ClaimsIdentity.FindFirst("added"));
        Assert.NotSame(third.ClaimsIdentity, fourth.ClaimsIdentity);
        Assert.Equal(2, cache.Validations);
    }

    [Fact]
    public async Task Tokens_used_once_are_not_kept()
    {
        var cache = new ValidatedTokenCache(Clock, capacity: 10);
        foreach (var i in Enumerable.Range(0, 200))
            Assert.True((await cache.ValidateTokenAsync(Tokens.Issue($"mbr_{i}", "m"), Tokens.ValidationParameters())).IsValid);
        Assert.Equal(0, cache.Count);

        var returning = Tokens.Issue("mbr_returning", "m");
        await cache.ValidateTokenAsync(returning, Tokens.ValidationParameters());
        Assert.True((await cache.ValidateTokenAsync(returning, Tokens.ValidationParameters())).IsValid);
        Assert.Equal(1, cache.Count);
        Assert.Equal(202, cache.Validations);
        await cache.ValidateTokenAsync(returning, Tokens.ValidationParameters());
        Assert.Equal(202, cache.Validations);
    }

    [Fact]
    public async Task A_cached_token_expires_on_time_and_a_changed_one_is_refused()
    {
        var cache = new ValidatedTokenCache(Clock);
        var token = Tokens.Issue("mbr_1", "小王");
        Assert.True((await cache.ValidateTokenAsync(token, Tokens.ValidationParameters())).IsValid);
        Assert.True((await cache.ValidateTokenAsync(token, Tokens.ValidationParameters())).IsValid);

        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        Assert.False((await cache.ValidateTokenAsync(tampered, Tokens.ValidationParameters())).IsValid);
        Assert.False((await cache.ValidateTokenAsync(tampered, Tokens.ValidationParameters())).IsValid);

        Clock.Advance(TimeSpan.FromMinutes(60.5)); // inside the minute of clock skew
        Assert.True((await cache.ValidateTokenAsync(token, Tokens.ValidationParameters())).IsValid);
        Assert.Equal(4, cache.Validations); // the token's two and the tampered one's two; the fifth use was a hit
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False((await cache.ValidateTokenAsync(token, Tokens.ValidationParameters())).IsValid);
    }

    [Fact]
    public async Task The_cache_keeps_two_generations_and_a_token_in_use_moves_up()
    {
        var cache = new ValidatedTokenCache(Clock, capacity: 2);
        var tokens = Enumerable.Range(0, 3).Select(i => Tokens.Issue($"mbr_{i}", "m")).ToArray();
        foreach (var token in tokens.Concat(tokens)) await cache.ValidateTokenAsync(token, Tokens.ValidationParameters());
        Assert.Equal(6, cache.Validations); // kept from the second use; the third kept filled the first generation: it became the previous one

        await cache.ValidateTokenAsync(tokens[0], Tokens.ValidationParameters()); // from the previous generation, moved up
        Assert.Equal(6, cache.Validations);
        var more = Enumerable.Range(3, 3).Select(i => Tokens.Issue($"mbr_{i}", "m")).ToArray();
        foreach (var token in more.Concat(more)) await cache.ValidateTokenAsync(token, Tokens.ValidationParameters());
        Assert.Equal(12, cache.Validations);

        await cache.ValidateTokenAsync(tokens[1], Tokens.ValidationParameters()); // not used for two generations: checked again
        Assert.Equal(13, cache.Validations);
    }
}
