using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shop.Framework.Search;

/// <summary>Ready only when the search backend answers, if any enabled module uses search.</summary>
public sealed class SearchHealthCheck(IEnumerable<SearchIndexRegistration> registrations, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!registrations.Any()) return HealthCheckResult.Healthy("no search indexes");
        if (services.GetService(typeof(ISearchProvider)) is not ISearchProvider provider)
            return HealthCheckResult.Unhealthy("search indexes are defined but no search provider is enabled");
        var health = await provider.HealthAsync(cancellationToken);
        return health.Healthy ? HealthCheckResult.Healthy(health.Description) : HealthCheckResult.Unhealthy(health.Description);
    }
}
