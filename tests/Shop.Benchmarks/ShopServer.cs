using System.Net.Http.Headers;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Shop.Framework.Auth;

namespace Shop.Benchmarks;

/// <summary>
/// The real Shop app on a loopback port, on a fresh database, with dev login on.
/// By default it runs as a child process (<c>dotnet Shop.Web.dll</c>, the same build as the
/// benchmark): that is the honest measurement, because client and server then don't share a GC,
/// heap or thread pool, and the server gets exactly the runtimeconfig it ships with.
/// <c>--host inproc</c> uses WebApplicationFactory with Kestrel instead, handy under a debugger.
/// </summary>
public sealed class ShopServer : IAsyncDisposable
{
    private readonly string _dataPath;
    private readonly HttpClient _http;
    private ChildProcess? _child;
    private InProcessShop? _inProcess;

    private ShopServer(Uri baseAddress, string dataPath)
    {
        BaseAddress = baseAddress;
        _dataPath = dataPath;
        _http = new HttpClient { BaseAddress = baseAddress };
        Writer = new WriterMeter(baseAddress, AdminApiKey);
    }

    public Uri BaseAddress { get; }
    public string Description { get; private set; } = "";

    /// <summary>CPU time of this server's process (when a child) and of a local PostgreSQL, for per-request costs.</summary>
    public CpuMeter Cpu { get; private set; } = new(null, false);

    /// <summary>The SQLite writer's counters, scraped from the server's metrics endpoint.</summary>
    public WriterMeter Writer { get; }

    /// <summary>The app's services when it runs in this process (<c>--host inproc</c>), for scenarios that call services directly; else null.</summary>
    public IServiceProvider? Services => _inProcess?.Services;

    /// <summary>Member JWTs for any member id, signed with this server's key (no login round trip per member).</summary>
    public MemberTokens Tokens { get; private set; } = null!;

    /// <param name="seedMembers">When set, the <c>seed</c> verb first adds this many members and the demo programmes.</param>
    /// <summary>Starts the app with <paramref name="members"/> seeded members, reports it, and returns their ids.</summary>
    public static async Task<(ShopServer Shop, IReadOnlyList<string> MemberIds)> StartSeededAsync(BenchOptions options, int members)
    {
        var shop = await StartAsync(options, seedMembers: members);
        Report.Line($"Shop: {shop.Description} at {shop.BaseAddress}, {members:N0} seeded members");
        return (shop, await shop.MemberIdsAsync(members));
    }

    public static async Task<ShopServer> StartAsync(BenchOptions options, int? seedMembers = null)
    {
        var port = Net.FreePort();
        var dataPath = Directory.CreateTempSubdirectory("shop-bench-").FullName;
        var server = new ShopServer(new Uri($"http://127.0.0.1:{port}/"), dataPath);
        var settings = Settings(options, dataPath);
        server.Tokens = new MemberTokens(new AuthOptions { JwtSigningKey = settings["Shop:Auth:JwtSigningKey"] }, TimeProvider.System);
        try
        {
            var dll = ShopWebDll();
            // Settings go in as environment variables, the way a container would configure it.
            var environment = settings.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value);
            environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            if (seedMembers is { } members)
            {
                await using var seed = ChildProcess.Start(dll, ["seed", "--members", members.ToString(System.Globalization.CultureInfo.InvariantCulture)], Path.GetDirectoryName(dll)!, environment);
                var exit = await seed.WaitForExitAsync(TimeSpan.FromMinutes(10));
                if (exit != 0) throw new InvalidOperationException($"seed --members {members} failed ({exit}):\n{seed.Tail()}");
            }
            if (options.Host == HostMode.Child)
            {
                server._child = ChildProcess.Start(dll, ["--urls", server.BaseAddress.ToString().TrimEnd('/')], Path.GetDirectoryName(dll)!, environment);
                server.Description = $"child process {server._child.Id}: dotnet {Path.GetRelativePath(Environment.CurrentDirectory, dll)}";
            }
            else
            {
                server._inProcess = new InProcessShop(settings, Path.GetDirectoryName(dll)!);
                server._inProcess.UseKestrel(port);
                server._inProcess.StartServer();
                server.Description = "in-process (WebApplicationFactory + Kestrel)";
            }
            server.Cpu = new CpuMeter(server._child?.Id, CpuMeter.IsLocal(options.PostgresConnectionString));
            await Net.WaitUntilAsync(
                async () => (await server.PostAsync("""{"query":"{ __typename }"}""", null)).Status == 200,
                () => server._child is { HasExited: true } c ? "exited:\n" + c.Tail() : null,
                TimeSpan.FromSeconds(90), "Shop");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Configuration keys (colon form). Production, so no development-only middleware or
    /// exception details, but with the dev login provider on so the benchmark can get a token.</summary>
    internal static Dictionary<string, string> Settings(BenchOptions options, string dataPath)
    {
        var settings = new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Shop:DataPath"] = dataPath,
            ["Shop:Demo:SeedOnStartup"] = "false",
            ["Shop:Auth:DevLogin"] = "true",
            // Production requires a key; a fresh one per run is fine since tokens die with the run.
            ["Shop:Auth:JwtSigningKey"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
            ["Shop:BackgroundTasks:Enabled"] = "false",
            ["Shop:Admin:BootstrapApiKey"] = AdminApiKey,
            // The benchmark reads the SQLite writer's load from /metrics with that key.
            ["Shop:Metrics:Prometheus"] = "true",
        };
        if (options.PostgresConnectionString is { } pg)
        {
            settings["Shop:Database:Provider"] = "PostgreSQL";
            settings["ConnectionStrings:Shop"] = pg;
        }
        return settings;
    }

    /// <summary>src/Shop.Web/bin/&lt;same configuration and TFM as this program&gt;/Shop.Web.dll, built by the ProjectReference.</summary>
    internal static string ShopWebDll()
    {
        var configuration = typeof(ShopServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var tfm = new DirectoryInfo(AppContext.BaseDirectory).Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Shop.sln"))) continue;
            var dll = Path.Combine(dir.FullName, "src", "Shop.Web", "bin", configuration, tfm, "Shop.Web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build Shop.Web first ({dll} is missing).");
        }
        throw new DirectoryNotFoundException("Shop.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Signs in with the dev provider (creating the member on first use) and returns the bearer token.</summary>
    public async Task<string> LoginAsync(string phone)
    {
        var mutation = $$"""mutation { login(input: {provider: "dev", code: "{{phone}}"}) { token errors { code message } } }""";
        var response = await PostAsync(JsonSerializer.Serialize(new { query = mutation }), null);
        var token = JsonNode.Parse(response.Body)?["data"]?["login"]?["token"]?.GetValue<string>();
        return token ?? throw new InvalidOperationException($"Login failed: HTTP {response.Status} {Encoding.UTF8.GetString(response.Body)}");
    }

    public const string AdminApiKey = "benchmark-admin-api-key-0123456789";

    /// <summary>Ids of up to <paramref name="count"/> members, newest first, read through the admin API.</summary>
    public async Task<IReadOnlyList<string>> MemberIdsAsync(int count)
    {
        var ids = new List<string>(count);
        string? after = null;
        while (ids.Count < count)
        {
            var query = JsonSerializer.Serialize(new
            {
                query = "query($after: String) { members(first: 500, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }",
                variables = new { after },
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, "admin/graphql") { Content = new StringContent(query, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", AdminApiKey);
            using var response = await _http.SendAsync(request);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["data"]?["members"]
                ?? throw new InvalidOperationException($"members query failed: HTTP {(int)response.StatusCode}");
            ids.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()));
            if (!page["pageInfo"]!["hasNextPage"]!.GetValue<bool>()) break;
            after = page["pageInfo"]!["endCursor"]!.GetValue<string>();
        }
        return ids.Take(count).ToList();
    }

    /// <summary>Runs an admin GraphQL document with the benchmark's API key; returns its data (throws on errors).</summary>
    public async Task<JsonNode> AdminAsync(string query, object? variables = null)
    {
        var body = JsonSerializer.Serialize(new { query, variables });
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", AdminApiKey);
        using var response = await _http.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return json?["errors"] is null && json?["data"] is { } data ? data
            : throw new InvalidOperationException($"admin query failed: HTTP {(int)response.StatusCode} {json?.ToJsonString()}");
    }

    public sealed record Response(int Status, string? ContentType, byte[] Body);

    /// <summary>POSTs a JSON body to /graphql; the raw answer, for probes and for copying into the bare server.</summary>
    public async Task<Response> PostAsync(string json, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        return new Response((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsByteArrayAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_child is not null) await _child.DisposeAsync();
        if (_inProcess is not null) await _inProcess.DisposeAsync();
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { } // SQLite may still hold a file briefly
    }

    internal sealed class InProcessShop(Dictionary<string, string> settings, string contentRoot) : WebApplicationFactory<global::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // The same content root as the child process (Shop.Web's output folder); the factory's own
            // guess (solution folder + assembly name) does not exist in this repository's layout.
            builder.UseContentRoot(contentRoot);
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }
}
