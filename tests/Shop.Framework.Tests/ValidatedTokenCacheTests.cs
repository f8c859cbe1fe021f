using Microsoft.Extensions.Time.Testing;
using Shop.Framework.Auth;

namespace Shop.Framework.Tests;

/// <summary>
/// Member tokens are validated in full once and then recognised by their exact text; a cached
/// token must still expire on time, never accept a token that differs in any byte, hand every
/// request an identity of its own, and stay bounded.
/// </summary>
public sealed class ValidatedTokenCacheTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly AuthOptions _options = new() { JwtSigningKey = new string('k', 64), MemberTokenLifetime = TimeSpan.FromHours(1) };

    private MemberTokens Tokens => new(_options, _clock);

    [Fact]
    public async Task A_correctly_signed_token_without_an_expiry_is_refused()
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var forever = handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = MemberTokens.Audience,
            Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", "mbr_1")]),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(Tokens.SigningKey, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });

        var result = await new ValidatedTokenCache(_clock).ValidateTokenAsync(forever, Tokens.ValidationParameters());

        Assert.DoesNotContain("\"exp\"", System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(forever.Split('.')[1])));
        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task A_token_is_checked_once_and_each_use_gets_its_own_identity()
    {
        var cache = new ValidatedTokenCache(_clock);
        var token = Tokens.Issue("mbr_1", "小王");

        var first = await cache.ValidateTokenAsync(token, Tokens.ValidationParameters());
        first.ClaimsIdentity.AddClaim(new System.Security.Claims.Claim("added", "by an event"));
        var second = await cache.ValidateTokenAsync(token, Tokens.ValidationParameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, cache.Validations);
        Assert.Equal("mbr_1", second.ClaimsIdentity.FindFirst("sub")!.Value);
        Assert.Null(second.ClaimsIdentity.FindFirst("added"));
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        second.ClaimsIdentity.AddClaim(new System.Security.Claims.Claim("added", "by an event"));
        var third = await cache.ValidateTokenAsync(token, Tokens.ValidationParameters()); // a hit again, untouched by the last one's events
        Assert.Null(third.ClaimsIdentity.FindFirst("added"));
        Assert.NotSame(second.ClaimsIdentity, third.ClaimsIdentity);
        Assert.Equal(1, cache.Validations);
    }

    [Fact]
    public async Task A_cached_token_expires_on_time_and_a_changed_one_is_refused()
    {
        var cache = new ValidatedTokenCache(_clock);
        var token = Tokens.Issue("mbr_1", "小王");
        Assert.True((await cache.ValidateTokenAsync(token, Tokens.ValidationParameters())).IsValid);

        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        Assert.False((await cache.ValidateTokenAsync(tampered, Tokens.ValidationParameters())).IsValid);

        _clock.Advance(TimeSpan.FromMinutes(60.5)); // inside the minute of clock skew
        Assert.True((await cache.ValidateTokenAsync(token, Tokens.ValidationParameters())).IsValid);
        Assert.Equal(2, cache.Validations); // the token and the tampered one; the third use was a hit
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False((await cache.ValidateTokenAsync(token, Tokens.ValidationParameters())).IsValid);
    }

    [Fact]
    public async Task The_cache_keeps_two_generations_and_a_token_in_use_moves_up()
    {
        var cache = new ValidatedTokenCache(_clock, capacity: 2);
        var tokens = Enumerable.Range(0, 3).Select(i => Tokens.Issue($"mbr_{i}", "m")).ToArray();
        foreach (var token in tokens) await cache.ValidateTokenAsync(token, Tokens.ValidationParameters());
        Assert.Equal(3, cache.Validations); // the third filled the first generation: it became the previous one

        await cache.ValidateTokenAsync(tokens[0], Tokens.ValidationParameters()); // from the previous generation, moved up
        Assert.Equal(3, cache.Validations);
        var more = Enumerable.Range(3, 3).Select(i => Tokens.Issue($"mbr_{i}", "m")).ToArray();
        foreach (var token in more) await cache.ValidateTokenAsync(token, Tokens.ValidationParameters());
        Assert.Equal(6, cache.Validations);

        await cache.ValidateTokenAsync(tokens[1], Tokens.ValidationParameters()); // not used for two generations: checked again
        Assert.Equal(7, cache.Validations);
    }
}
