using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Shop.Framework.Data;
using Shop.Framework.Hosting;

namespace Shop.Framework.Tests;

public class ShopSettingsTests
{
    private sealed class Environment(string name, string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Shop.Web";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static ShopSettings Load(string environment, params (string Key, string Value)[] values)
    {
        var root = Directory.CreateTempSubdirectory("shop-settings-").FullName;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return ShopSettings.Load(configuration, new Environment(environment, root));
    }

    [Fact]
    public void Defaults_to_sqlite_under_App_Data_with_dev_login_in_Development()
    {
        var settings = Load("Development");

        Assert.Equal(DatabaseProvider.Sqlite, settings.Database.Provider);
        Assert.EndsWith(Path.Combine("App_Data", "shop.db"), settings.Database.ConnectionString);
        Assert.True(settings.Auth.DevLogin);
        Assert.NotNull(settings.Auth.JwtSigningKey);
    }

    [Theory]
    [InlineData(null, -1)]
    [InlineData("0", 0)]
    [InlineData("12", 12)]
    public void Shared_transactions_default_to_one_more_than_the_processors_and_zero_turns_them_off(string? value, int expected)
    {
        var settings = value is null ? Load("Development") : Load("Development", ("Shop:Database:SharedTransactions", value));

        Assert.Equal(expected < 0 ? Math.Clamp(System.Environment.ProcessorCount + 1, 3, 64) : expected, settings.Database.SharedTransactions);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("65")]
    [InlineData("many")]
    public void Shared_transactions_out_of_range_refuse_to_start(string value)
    {
        var error = Assert.Throws<ShopConfigurationException>(() => Load("Development", ("Shop:Database:SharedTransactions", value)));

        Assert.Contains($"Shop:Database:SharedTransactions must be a whole number from 0 (off) to 64, not '{value}'", error.Message);
    }

    [Fact]
    public void Production_refuses_to_start_without_a_signing_key_and_lists_every_problem()
    {
        var error = Assert.Throws<ShopConfigurationException>(() =>
            Load("Production", ("Shop:Database:Provider", "PostgreSQL"), ("Shop:Admin:Password", "short")));

        Assert.Contains("Shop:Auth:JwtSigningKey is required", error.Message);
        Assert.Contains("ConnectionStrings:Shop is empty", error.Message);
        Assert.Contains("Shop:Admin:Password must be at least 8", error.Message);
    }

    [Theory]
    [InlineData("Shop:Auth:MemberTokenLifetime", "00:00:00", "Shop:Auth:MemberTokenLifetime must be more than")]
    [InlineData("Shop:Auth:MemberTokenLifetime", "-1.00:00:00", "Shop:Auth:MemberTokenLifetime must be more than")]
    [InlineData("Shop:Admin:Email", "a@x", null)]
    public void Token_lifetimes_and_the_staff_email_are_checked_at_start_up(string key, string value, string? problem)
    {
        if (problem is null)
        {
            Assert.NotNull(Load("Development", (key, value)));
            var error = Assert.Throws<ShopConfigurationException>(() => Load("Development", (key, new string('a', 201) + "@example.com")));
            Assert.Contains("Shop:Admin:Email must be at most 200 characters", error.Message);
            return;
        }
        Assert.Contains(problem, Assert.Throws<ShopConfigurationException>(() => Load("Development", (key, value))).Message);
    }

    [Fact]
    public void Dev_login_is_off_outside_Development_unless_configured()
    {
        var key = ("Shop:Auth:JwtSigningKey", new string('k', 40));
        Assert.False(Load("Production", key).Auth.DevLogin);
        Assert.True(Load("Production", key, ("Shop:Auth:DevLogin", "true")).Auth.DevLogin);
    }

    [Fact]
    public void An_unknown_database_provider_is_named_in_the_error()
    {
        var error = Assert.Throws<ShopConfigurationException>(() => Load("Development", ("Shop:Database:Provider", "Oracle")));
        Assert.Contains("'Oracle'", error.Message);
    }

    [Fact]
    public void Metrics_are_off_by_default_at_metrics()
    {
        var settings = Load("Development");
        Assert.False(settings.Metrics.Prometheus);
        Assert.Equal("/metrics", settings.Metrics.Path);
    }

    [Theory]
    [InlineData("metrics")]
    [InlineData("/")]
    [InlineData("/metrics?x=1")]
    [InlineData("/my metrics")]
    public void A_metrics_path_that_is_not_a_path_is_named_in_the_error(string path)
    {
        var error = Assert.Throws<ShopConfigurationException>(() => Load("Development", ("Shop:Metrics:Prometheus", "true"), ("Shop:Metrics:Path", path)));
        Assert.Contains($"Shop:Metrics:Path must be a path such as /metrics, not '{path}'", error.Message);
    }

    [Theory]
    [InlineData("PollInterval", "-00:00:01", "Shop:BackgroundTasks:PollInterval must be at least")]
    [InlineData("PollInterval", "00:00:00", "Shop:BackgroundTasks:PollInterval must be at least")]
    [InlineData("Lease", "00:00:00", "Shop:BackgroundTasks:Lease must be at least")]
    [InlineData("Lease", "-00:05:00", "Shop:BackgroundTasks:Lease must be at least")]
    public void Background_task_timings_that_would_spin_or_let_two_nodes_run_a_task_are_named_in_the_error(string key, string value, string message)
    {
        var error = Assert.Throws<ShopConfigurationException>(() => Load("Development", ($"Shop:BackgroundTasks:{key}", value)));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("09:00:00")]
    public void An_admin_session_recheck_outside_the_cookies_life_is_named_in_the_error(string value)
    {
        var error = Assert.Throws<ShopConfigurationException>(() => Load("Development", ("Shop:Admin:SessionRecheck", value)));
        Assert.Contains("Shop:Admin:SessionRecheck must be between 00:00:00 and 08:00:00", error.Message);
    }

    [Fact]
    public void Modules_can_be_listed_comma_separated()
    {
        var settings = Load("Development", ("Shop:Modules", "Shop.Members, Shop.Points"));
        Assert.Equal(["Shop.Members", "Shop.Points"], settings.Modules);
    }
}
