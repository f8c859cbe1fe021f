using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shop.Framework.Data;

namespace Shop.Framework.Hosting;

public sealed class DatabaseHealthCheck(IDbConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{connections.Provider} reachable");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"{connections.Provider} unreachable: {e.GetType().Name}");
        }
    }
}
