using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.Testing;

/// <summary>
/// The real host over an in-memory server and its own throwaway database. Settings and
/// service overrides can be added before the first request.
/// </summary>
public class ShopAppFactory : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-bootstrap-api-key-0123456789abcdef";
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Test-Password-1";

    public TestDatabase Database { get; } = new();
    public CapturedLogs Logs { get; } = new();
    private readonly Dictionary<string, string?> _settings = new();
    private readonly List<Action<IServiceCollection>> _services = [];

    public ShopAppFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public ShopAppFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Database.Settings()) builder.UseSetting(key, value);
        builder.UseSetting("Shop:Demo:SeedOnStartup", "false");
        builder.UseSetting("Shop:BackgroundTasks:Enabled", "false");
        builder.UseSetting("Shop:Admin:Email", AdminEmail);
        builder.UseSetting("Shop:Admin:Password", AdminPassword);
        builder.UseSetting("Shop:Admin:BootstrapApiKey", ApiKey);
        builder.UseSetting("Shop:Auth:JwtSigningKey", "test-signing-key-0123456789abcdef0123456789");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _services) configure(services);
        });
    }

    /// <summary>POSTs a storefront document; returns status and parsed body.</summary>
    public Task<GraphQLResponse> StorefrontAsync(string query, object? variables = null, string? token = null) =>
        PostAsync("/graphql", query, variables, token is null ? null : new AuthenticationHeaderValue("Bearer", token));

    /// <summary>POSTs an admin document authenticated with the bootstrap API key (or the given header).</summary>
    public Task<GraphQLResponse> AdminAsync(string query, object? variables = null, AuthenticationHeaderValue? auth = null) =>
        PostAsync("/admin/graphql", query, variables, auth ?? new AuthenticationHeaderValue("ApiKey", ApiKey));

    public async Task<GraphQLResponse> PostAsync(string path, string query, object? variables, AuthenticationHeaderValue? auth, HttpClient? client = null)
    {
        client ??= CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = auth;
        using var response = await client.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    /// <summary>Signs a member in with the dev provider and returns the bearer token.</summary>
    public async Task<string> LoginAsync(string phone)
    {
        var response = await StorefrontAsync(
            "mutation($code: String!) { login(input: {provider: \"dev\", code: $code}) { token errors { code } } }", new { code = phone });
        return response.Data!["login"]!["token"]!.GetValue<string>();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Database.Dispose();
    }
}

public sealed record GraphQLResponse(int Status, string? ContentType, JsonNode? Body)
{
    public JsonNode? Data => Body?["data"];
    public JsonArray? Errors => Body?["errors"] as JsonArray;
    public string? FirstErrorCode => Errors?.FirstOrDefault()?["extensions"]?["code"]?.GetValue<string>();

    public static async Task<GraphQLResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        try { body = text.Length == 0 ? null : JsonNode.Parse(text); } catch (JsonException) { }
        return new GraphQLResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    public override string ToString() => $"{Status} {Body?.ToJsonString()}";
}
