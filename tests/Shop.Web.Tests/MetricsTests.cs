using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Auth;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>The Prometheus scrape endpoint: off unless configured, only for an API key allowed to read it.</summary>
public sealed class MetricsTests
{
    private const string Phone = "13812345678";

    private static ShopAppFactory MetricsOn() => new ShopAppFactory().WithSetting("Shop:Metrics:Prometheus", "true");

    private static async Task<(HttpStatusCode Status, HttpResponseMessage Response, string Body)> ScrapeAsync(ShopAppFactory app, AuthenticationHeaderValue? auth, string path = "/metrics")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = auth;
        var response = await app.CreateClient().SendAsync(request);
        return (response.StatusCode, response, await response.Content.ReadAsStringAsync());
    }

    private static double Sample(string body, string metric) =>
        Regex.Match(body, $@"^{metric}(?:\{{[^}}]*\}})? (\S+)", RegexOptions.Multiline) is { Success: true } m
            ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new Xunit.Sdk.XunitException($"{metric} is not in the scrape:\n{body}");

    [Fact]
    public async Task There_is_no_endpoint_unless_configured()
    {
        await using var app = new ShopAppFactory();

        var (status, _, _) = await ScrapeAsync(app, new AuthenticationHeaderValue("ApiKey", ShopAppFactory.ApiKey));

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task A_scrape_without_an_api_key_allowed_to_read_metrics_is_refused()
    {
        await using var app = MetricsOn();
        var member = await app.LoginAsync(Phone);
        var adminOnly = await StaffKeys.ExactlyAsync(app, "Support", FrameworkPermissions.AccessAdmin);

        var (anonymous, anonymousResponse, anonymousBody) = await ScrapeAsync(app, null);
        var (wrongKey, _, _) = await ScrapeAsync(app, new AuthenticationHeaderValue("ApiKey", "not-a-key-0123456789abcdef"));
        var (memberToken, _, _) = await ScrapeAsync(app, new AuthenticationHeaderValue("Bearer", member));
        var (withoutPermission, _, withoutPermissionBody) = await ScrapeAsync(app, adminOnly);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal("ApiKey", anonymousResponse.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey);
        Assert.Equal(HttpStatusCode.Unauthorized, memberToken);
        Assert.Equal(HttpStatusCode.Forbidden, withoutPermission);
        Assert.DoesNotContain("http_server_request_duration", anonymousBody + withoutPermissionBody);
    }

    [Fact]
    public async Task A_monitoring_key_reads_request_runtime_and_database_metrics_and_never_a_phone()
    {
        await using var app = MetricsOn();
        var monitoring = await StaffKeys.ExactlyAsync(app, "Monitoring", FrameworkPermissions.ReadMetrics);
        await app.LoginAsync(Phone);

        var (status, response, body) = await ScrapeAsync(app, monitoring);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches("""http_server_request_duration_seconds_count\{[^}]*http_route="/graphql"[^}]*\} [1-9]""", body);
        Assert.Contains("dotnet_gc_collections_total", body);
        Assert.DoesNotContain(Phone, body);
        // Not even its last digits in a label (a masked phone keeps them); sample values are numbers
        // that may contain any four digits by chance (a heap size of 56786944 once failed this test).
        Assert.DoesNotContain(Regex.Matches(body, @"\{[^}]*\}").Select(m => m.Value), labels => labels.Contains(Phone[^4..], StringComparison.Ordinal));
        if (app.Database.Provider == DatabaseProvider.Sqlite)
        {
            // The login created the member: at least one write went through the writer, and held it for some time.
            Assert.True(Sample(body, "shop_db_writer_writes_total") >= 1);
            Assert.True(Sample(body, "shop_db_writer_commits_total") >= 1);
            Assert.True(Sample(body, "shop_db_writer_busy_seconds_total") > 0);
            Assert.Equal(0, Sample(body, "shop_db_writer_queued"));
        }
        else
        {
            // PostgreSQL has no single writer to report on; Npgsql's own meter reports the commands,
            // labelled with the data source's name ("shop", not the connection string); the
            // migrations' own pool is labelled with its connection string, never with the password.
            Assert.DoesNotContain("shop_db_writer", body);
            Assert.Matches("db_client_operation_duration_seconds_count\\{[^}]*db_client_connection_pool_name=\"shop\"[^}]*\\} [1-9]", body);
            Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_path_is_configurable()
    {
        await using var app = MetricsOn().WithSetting("Shop:Metrics:Path", "/internal/metrics");
        var monitoring = await StaffKeys.ExactlyAsync(app, "Monitoring", FrameworkPermissions.ReadMetrics);

        Assert.Equal(HttpStatusCode.OK, (await ScrapeAsync(app, monitoring, "/internal/metrics")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(app, monitoring, "/metrics")).Status);
    }
}
