using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Shop.Framework.Search;
using Shop.Search.Elasticsearch;
using Shop.Search.Elasticsearch.Client;

namespace Shop.Search.Providers.Tests;

/// <summary>
/// The contract on a real Elasticsearch 8.x or OpenSearch 2.x cluster at
/// <c>SHOP_ELASTICSEARCH_URL</c> (credentials in the URL or SHOP_ELASTICSEARCH_API_KEY).
/// Without it every test here is reported as skipped. Each run uses its own index prefix and
/// deletes its indexes afterwards.
/// </summary>
[RequiresEnvironment("SHOP_ELASTICSEARCH_URL")]
public sealed class ElasticsearchProviderContractTests : SearchProviderContract
{
    private ElasticsearchClient? _client;
    private readonly string _prefix = $"shoptest-{Guid.NewGuid():N}"[..20] + "-";

    protected override Task<ISearchProvider> CreateProviderAsync(TimeProvider clock)
    {
        var url = new Uri(Environment.GetEnvironmentVariable("SHOP_ELASTICSEARCH_URL")!);
        var credentials = url.UserInfo.Split(':', 2);
        var options = new ElasticsearchOptions
        {
            Url = url,
            Username = credentials[0] is { Length: > 0 } user ? Uri.UnescapeDataString(user) : null,
            Password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : null,
            ApiKey = Environment.GetEnvironmentVariable("SHOP_ELASTICSEARCH_API_KEY"),
            IndexPrefix = _prefix,
        };
        _client = new ElasticsearchClient(new HttpClient(), options, NullLogger<ElasticsearchClient>.Instance, clock);
        return Task.FromResult<ISearchProvider>(new ElasticsearchProvider(_client, new BulkWriter(_client, options, TimeProvider.System), options, clock));
    }

    protected override async Task CleanUpAsync()
    {
        if (_client is not null) await _client.SendAsync(HttpMethod.Delete, $"{_prefix}*", null, default, HttpStatusCode.NotFound);
    }
}
