using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Shop.Framework.Auth;
using Shop.Framework.BackgroundTasks;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Observability;

namespace Shop.Framework.Hosting;

/// <summary>
/// Reads and validates the configuration keys of API.md once, at start-up, and fails with one
/// message listing every problem rather than with the first exception deep inside a request.
/// </summary>
public sealed class ShopSettings
{
    public required ShopPaths Paths { get; init; }
    public required DatabaseOptions Database { get; init; }
    public required AuthOptions Auth { get; init; }
    public required AdminOptions Admin { get; init; }
    public required BackgroundTaskOptions BackgroundTasks { get; init; }
    public required IReadOnlyList<string> Modules { get; init; }
    public required MetricsOptions Metrics { get; init; }

    /// <summary>The merchant's time zone: calendar days, daily caps and periods are counted in it.</summary>
    public required TimeZoneInfo MerchantTimeZone { get; init; }

    public static ShopSettings Load(IConfiguration configuration, IHostEnvironment environment)
    {
        var problems = new List<string>();
        var shop = configuration.GetSection("Shop");

        var dataPath = shop["DataPath"] is { Length: > 0 } configured ? configured : "App_Data";
        if (!Path.IsPathRooted(dataPath)) dataPath = Path.Combine(environment.ContentRootPath, dataPath);
        Directory.CreateDirectory(dataPath);
        var paths = new ShopPaths(dataPath);

        var database = new DatabaseOptions();
        var providerText = shop["Database:Provider"];
        if (!string.IsNullOrEmpty(providerText))
        {
            if (Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider)) database.Provider = provider;
            else problems.Add($"Shop:Database:Provider must be Sqlite or PostgreSQL, not '{providerText}'.");
        }
        if (int.TryParse(shop["Database:BusyTimeoutMs"], out var busy)) database.BusyTimeoutMs = busy;
        if (shop["Database:SharedTransactions"] is { } sharedText)
        {
            if (int.TryParse(sharedText, out var shared) && shared is >= 0 and <= 64) database.SharedTransactions = shared;
            else problems.Add($"Shop:Database:SharedTransactions must be a whole number from 0 (off) to 64, not '{sharedText}'.");
        }
        var connectionString = configuration.GetConnectionString("Shop");
        if (database.Provider == DatabaseProvider.PostgreSQL && string.IsNullOrWhiteSpace(connectionString))
            problems.Add("Shop:Database:Provider is PostgreSQL but ConnectionStrings:Shop is empty (e.g. Host=localhost;Database=shop;Username=shop;Password=...).");
        database.ConnectionString = string.IsNullOrWhiteSpace(connectionString)
            ? $"Data Source={paths.File("shop.db")}"
            : connectionString;

        var auth = new AuthOptions();
        shop.GetSection("Auth").Bind(auth);
        if (shop["Auth:DevLogin"] is null) auth.DevLogin = environment.IsDevelopment();
        if (string.IsNullOrEmpty(auth.JwtSigningKey))
        {
            if (environment.IsDevelopment()) auth.JwtSigningKey = DevelopmentSigningKey(paths);
            else problems.Add("Shop:Auth:JwtSigningKey is required outside Development (32+ random characters, the same on every node).");
        }
        else if (auth.JwtSigningKey.Length < 32)
        {
            problems.Add("Shop:Auth:JwtSigningKey must be at least 32 characters.");
        }
        if (auth.MemberTokenLifetime <= TimeSpan.Zero || auth.MemberTokenLifetime > TimeSpan.FromDays(3650))
            problems.Add($"Shop:Auth:MemberTokenLifetime must be more than 00:00:00 and at most 3650.00:00:00 (ten years), not {auth.MemberTokenLifetime}.");

        var admin = new AdminOptions();
        shop.GetSection("Admin").Bind(admin);
        if (admin.BootstrapApiKey is { Length: > 0 and < 24 })
            problems.Add("Shop:Admin:BootstrapApiKey must be at least 24 characters.");
        if (admin.Password is { Length: > 0 and < 8 })
            problems.Add("Shop:Admin:Password must be at least 8 characters.");
        // The account's email is who staff changes are recorded as; the modules' actor columns hold 200 characters.
        if (admin.Email is { Length: > AdminOptions.MaxEmailLength })
            problems.Add($"Shop:Admin:Email must be at most {AdminOptions.MaxEmailLength} characters.");
        if (admin.SessionRecheck < TimeSpan.Zero || admin.SessionRecheck > TimeSpan.FromHours(8))
            problems.Add($"Shop:Admin:SessionRecheck must be between 00:00:00 and 08:00:00 (the admin cookie's life), not {admin.SessionRecheck}.");

        var tasks = new BackgroundTaskOptions();
        shop.GetSection("BackgroundTasks").Bind(tasks);
        if (tasks.PollInterval < TimeSpan.FromMilliseconds(100))
            problems.Add($"Shop:BackgroundTasks:PollInterval must be at least 00:00:00.1, not {tasks.PollInterval}.");
        if (tasks.Lease < TimeSpan.FromSeconds(3))
            problems.Add($"Shop:BackgroundTasks:Lease must be at least 00:00:03 (it is renewed every third of it while a task runs), not {tasks.Lease}.");

        var metrics = new MetricsOptions();
        shop.GetSection("Metrics").Bind(metrics);
        if (!metrics.Path.StartsWith('/') || metrics.Path.Length < 2 || metrics.Path.IndexOfAny(['?', '#', ' ']) >= 0)
            problems.Add($"Shop:Metrics:Path must be a path such as /metrics, not '{metrics.Path}'.");

        var modules = shop.GetSection("Modules").Get<string[]>()
            ?? (shop["Modules"] is { Length: > 0 } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : []);

        var zoneId = shop["Merchant:TimeZone"] is { Length: > 0 } z ? z : "Asia/Shanghai";
        if (!Time.MerchantCalendar.TryFindZone(zoneId, out var merchantZone))
            problems.Add($"Shop:Merchant:TimeZone '{zoneId}' is not a known time zone (use an IANA id such as Asia/Shanghai).");

        if (problems.Count > 0)
            throw new ShopConfigurationException("Shop cannot start:\n  - " + string.Join("\n  - ", problems));

        return new ShopSettings { Paths = paths, Database = database, Auth = auth, Admin = admin, BackgroundTasks = tasks, Modules = modules, Metrics = metrics, MerchantTimeZone = merchantZone };
    }

    /// <summary>A per-machine key so Development tokens survive restarts; never used outside Development.</summary>
    private static string DevelopmentSigningKey(ShopPaths paths)
    {
        var file = paths.File("dev-jwt-signing.key");
        if (File.Exists(file)) return File.ReadAllText(file).Trim();
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(file, key);
        return key;
    }
}
