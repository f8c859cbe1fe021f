using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Shop.Framework.Hosting;

namespace Shop.Members.Services;

/// <summary>Bound from <c>Shop:Members:MiniProgram</c>.</summary>
public sealed class MiniProgramOptions
{
    public string? AppId { get; set; }
    public string? AppSecret { get; set; }

    /// <summary>The code-to-session endpoint (WeChat's jscode2session shape).</summary>
    public string Endpoint { get; set; } = "https://api.weixin.qq.com/sns/jscode2session";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Reads and checks the section; a timeout outside (0, 60 s] would fail every login, so start-up refuses it.</summary>
    public static MiniProgramOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection("Shop:Members:MiniProgram").Get<MiniProgramOptions>() ?? new MiniProgramOptions();
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromSeconds(60))
            throw new ShopConfigurationException($"Shop:Members:MiniProgram:Timeout must be more than 00:00:00 and at most 00:01:00, not {options.Timeout}.");
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
            throw new ShopConfigurationException($"Shop:Members:MiniProgram:Endpoint must be an absolute http(s) URL, not '{options.Endpoint}'.");
        return options;
    }
}

/// <summary>
/// Exchanges a mini-program <c>wx.login</c> code for openid/unionid. The app secret travels in
/// the query string, so the HttpClient is registered without its request loggers and this class
/// logs only the outcome.
/// </summary>
public sealed class MiniProgramLoginProvider(IHttpClientFactory httpClients, MiniProgramOptions options, ILogger<MiniProgramLoginProvider> logger) : ILoginProvider
{
    public const string HttpClientName = "shop-miniprogram";

    public string Name => "miniprogram";

    public bool Enabled => !string.IsNullOrEmpty(options.AppId) && !string.IsNullOrEmpty(options.AppSecret);

    public async Task<LoginProviderResult> VerifyAsync(string code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 128)
            return LoginProviderResult.Fail(LoginErrorCodes.InvalidCode, "The mini-program code is missing or malformed.");
        var url = $"{options.Endpoint}?appid={Uri.EscapeDataString(options.AppId!)}&secret={Uri.EscapeDataString(options.AppSecret!)}" +
                  $"&js_code={Uri.EscapeDataString(code)}&grant_type=authorization_code";
        SessionResponse? session;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            session = await httpClients.CreateClient(HttpClientName).GetFromJsonAsync<SessionResponse>(url, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            logger.LogWarning("Mini-program code exchange failed: {Error}", e.GetType().Name);
            return LoginProviderResult.Fail(LoginErrorCodes.ProviderUnavailable, "The mini-program login service did not answer; try again.");
        }
        if (session is null || session.ErrorCode is not (null or 0) || string.IsNullOrEmpty(session.OpenId))
        {
            logger.LogInformation("Mini-program code rejected with errcode {ErrorCode}", session?.ErrorCode);
            return LoginProviderResult.Fail(LoginErrorCodes.InvalidCode, "The mini-program code was rejected or has expired; call wx.login again.");
        }
        if (!IsId(session.OpenId) || session.UnionId is { Length: > 0 } union && !IsId(union))
        {
            // WeChat's ids are 28 characters; one longer than member_identities holds, or with a NUL, comes from a broken or impersonated endpoint.
            logger.LogWarning("Mini-program code exchange returned an id that is not an id (length {OpenIdLength})", session.OpenId.Length);
            return LoginProviderResult.Fail(LoginErrorCodes.ProviderUnavailable, "The mini-program login service answered with something unusable; try again.");
        }
        return LoginProviderResult.Ok(new ExternalIdentity(Name, session.OpenId, NullIfEmpty(session.UnionId), null, "miniprogram"));
    }

    /// <summary>What member_identities can hold: 1 to 128 characters, storable text (see StorableInput).</summary>
    private static bool IsId(string id) => id.Length <= MaxIdLength && StorableInput.IsStorable(id);

    private const int MaxIdLength = 128;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private sealed class SessionResponse
    {
        [JsonPropertyName("openid")] public string? OpenId { get; set; }
        [JsonPropertyName("unionid")] public string? UnionId { get; set; }
        [JsonPropertyName("errcode")] public int? ErrorCode { get; set; }
        [JsonPropertyName("errmsg")] public string? ErrorMessage { get; set; }
    }
}
