using Microsoft.Extensions.Time.Testing;
using Shop.Framework.Auth;

namespace Shop.Framework.Tests;

/// <summary>What tests of member tokens share: a fake clock, options with an hour's lifetime, and the issuer on both.</summary>
public abstract class MemberTokenTests
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    protected AuthOptions Options { get; } = new() { JwtSigningKey = new string('k', 64), MemberTokenLifetime = TimeSpan.FromHours(1) };

    protected MemberTokens Tokens => new(Options, Clock);
}
