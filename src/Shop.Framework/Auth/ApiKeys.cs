using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;

namespace Shop.Framework.Auth;

/// <summary>
/// Server-to-server keys. Only a SHA-256 hash is stored (keys are 256-bit random, so a slow hash
/// adds nothing); the plain key is shown once on creation.
/// </summary>
public sealed class ApiKeyService(DbSession db, TimeProvider clock)
{
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public const int MaxNameLength = 100;

    /// <summary>Creates a key for an existing role; the name (1 to 100 characters) is how logs and the viewer show it.</summary>
    public async Task<ApiKeyCreated> CreateAsync(string name, string role)
    {
        name = name.Trim();
        if (name.Length is 0 or > MaxNameLength)
            return ApiKeyCreated.Refused(new UserError(ErrorCodes.Validation, $"The name must be 1 to {MaxNameLength} characters.", "name"));
        if (!await RolePermissions.ExistsAsync(db, role))
            return ApiKeyCreated.Refused(new UserError(ErrorCodes.NotFound, $"No role '{role}'.", "role"));

        var key = "shop_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var id = Ids.New("key");
        await db.ExecuteAsync(
            "INSERT INTO api_keys (id, name, key_hash, prefix, role, created_at) VALUES (@id, @name, @hash, @prefix, @role, @now)",
            new { id, name, hash = Hash(key), prefix = key[..9], role, now = clock.NowMs() });
        return new ApiKeyCreated(id, key, []);
    }

    public Task<int> RevokeAsync(string id) =>
        db.ExecuteAsync("UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL", new { id, now = clock.NowMs() });
}

/// <summary>A created key (shown once), or why none was created.</summary>
public sealed record ApiKeyCreated(string? Id, string? Key, IReadOnlyList<UserError> Errors)
{
    public static ApiKeyCreated Refused(UserError error) => new(null, null, [error]);
}

/// <summary>Authenticates <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbConnectionFactory connections,
    RolePermissions roles,
    AdminOptions adminOptions) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private bool SentApiKey => Request.Headers.Authorization.ToString().StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase);

    // Admin pages accept the cookie or a key; only a caller that sent a key gets this scheme's
    // 401/403, so browsers keep the cookie scheme's redirect to the sign-in page.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        SentApiKey ? base.HandleChallengeAsync(properties) : Task.CompletedTask;

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        SentApiKey ? base.HandleForbiddenAsync(properties) : Task.CompletedTask;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var key = header["ApiKey ".Length..].Trim();
        if (key.Length == 0) return AuthenticateResult.Fail("Empty API key.");
        var hash = ApiKeyService.Hash(key);

        string name, role;
        if (adminOptions.BootstrapApiKey is { Length: > 0 } bootstrap
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(ApiKeyService.Hash(bootstrap))))
        {
            (name, role) = ("bootstrap", AdminAuth.AdministratorRole);
        }
        else
        {
            await using var session = new DbSession(connections);
            var row = await session.QuerySingleOrDefaultAsync<(string Name, string Role)?>(
                "SELECT name AS Name, role AS Role FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL", new { hash });
            if (row is null) return AuthenticateResult.Fail("Unknown or revoked API key.");
            (name, role) = row.Value;
        }

        var identity = new ClaimsIdentity(Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, "api-key:" + name));
        identity.AddClaim(new Claim(ShopClaims.Staff, "api-key:" + name));
        identity.AddClaim(new Claim(ShopClaims.Actor, "api-key:" + name));
        identity.AddClaim(new Claim(ClaimTypes.Role, role));
        foreach (var permission in await roles.ForRolesAsync([role])) identity.AddClaim(new Claim(ShopClaims.Permission, permission));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
