using Microsoft.Extensions.Configuration;
using Shop.Framework.Hosting;

namespace Shop.Search.Elasticsearch;

/// <summary>
/// <c>Shop:Search:*</c> for the Elasticsearch provider. Credentials are optional (basic auth or
/// an API key) and never logged or put in error messages.
/// </summary>
public sealed class ElasticsearchOptions
{
    public required Uri Url { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Base64 "id:key" as Elasticsearch issues it (sent as <c>Authorization: ApiKey ...</c>).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Prefix of every index and alias this store owns, so stores can share a cluster.</summary>
    public string IndexPrefix { get; init; } = "shop-";

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts for a request (or a bulk item) that failed transiently: connection errors, 429, 502-504.</summary>
    public int MaxAttempts { get; init; } = 4;

    public const string ProviderName = "Elasticsearch";

    /// <summary>Null when another provider is configured; throws a clear message when Elasticsearch is chosen without a URL.</summary>
    public static ElasticsearchOptions? FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Shop:Search");
        if (!string.Equals(section["Provider"], ProviderName, StringComparison.OrdinalIgnoreCase)) return null;
        var url = section["Url"];
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new ShopConfigurationException(
                "Shop:Search:Provider is Elasticsearch but Shop:Search:Url is missing or not an http(s) URL (e.g. http://localhost:9200).");
        return new ElasticsearchOptions
        {
            Url = uri,
            Username = section["Username"],
            Password = section["Password"],
            ApiKey = section["ApiKey"],
            IndexPrefix = section["IndexPrefix"] is { Length: > 0 } prefix ? prefix.ToLowerInvariant() : "shop-",
            RequestTimeout = TimeSpan.FromSeconds(section.GetValue("RequestTimeoutSeconds", 30.0)),
            MaxAttempts = Math.Max(1, section.GetValue("MaxAttempts", 4)),
        };
    }
}
