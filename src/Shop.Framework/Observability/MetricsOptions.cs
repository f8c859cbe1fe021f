namespace Shop.Framework.Observability;

/// <summary><c>Shop:Metrics</c>: whether and where the Prometheus scrape endpoint is served.</summary>
public sealed class MetricsOptions
{
    /// <summary>Serve the Prometheus text format at <see cref="Path"/> (off by default).</summary>
    public bool Prometheus { get; set; }

    public string Path { get; set; } = "/metrics";
}
