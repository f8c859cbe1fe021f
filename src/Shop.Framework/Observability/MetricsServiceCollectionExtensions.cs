using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Shop.Framework.Auth;

namespace Shop.Framework.Observability;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// Shop's instruments exist whether or not they are scraped (dotnet-counters can read them;
    /// <see cref="SqliteWriterMetrics"/> is registered with the SQLite provider). With
    /// <c>Shop:Metrics:Prometheus</c> an OpenTelemetry meter provider also collects them and the
    /// standard meters for the scrape endpoint.
    /// </summary>
    public static IServiceCollection AddShopMetrics(this IServiceCollection services, MetricsOptions options)
    {
        services.AddSingleton(options);
        services.AddMetrics();
        if (!options.Prometheus) return services;
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ShopMeters.Exported)
            // A scrape reads the counters as they are: the exporter's default 300 ms answer cache
            // would hand two scrapers (or a benchmark's window edges) stale figures.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>
    /// The scrape endpoint, for an API key whose role grants <see cref="FrameworkPermissions.ReadMetrics"/>:
    /// Prometheus sends <c>Authorization: ApiKey &lt;key&gt;</c> (<c>authorization: { type: ApiKey, credentials: ... }</c>).
    /// Request counts by route and the database's load are not for the public. A scraper is a machine,
    /// so it gets 401/403 here, never the admin cookie's redirect to the sign-in page.
    /// </summary>
    public static void MapShopMetrics(this IEndpointRouteBuilder endpoints, MetricsOptions options)
    {
        if (!options.Prometheus) return;
        endpoints.MapPrometheusScrapingEndpoint(options.Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (http, next) =>
        {
            var result = await http.AuthenticateAsync(AdminAuth.ApiKeyScheme);
            if (!result.Succeeded)
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                http.Response.Headers.WWWAuthenticate = AdminAuth.ApiKeyScheme;
                return;
            }
            if (!result.Principal.HasPermission(FrameworkPermissions.ReadMetrics))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            await next(http);
        }), optionsName: null);
    }
}
