using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Shop.Framework.Search;
using Shop.Search.Elasticsearch.Client;
using Shop.Search.Elasticsearch.Querying;

namespace Shop.Search.Elasticsearch;

/// <summary>
/// Elasticsearch 8.x / OpenSearch 2.x. Each index is an alias over one physical index; a
/// rebuild bulk-loads a new physical index (refresh off), then moves the alias in one
/// <c>_aliases</c> call and drops the old index, so readers switch atomically.
/// </summary>
public sealed class ElasticsearchProvider(ElasticsearchClient client, BulkWriter bulk, ElasticsearchOptions options, TimeProvider clock)
    : ISearchProvider
{
    private readonly ConcurrentDictionary<string, ElasticsearchIndex> _indexes = new();

    private ElasticsearchClient Client => client;

    private BulkWriter Bulk => bulk;

    public string Name => ElasticsearchOptions.ProviderName;

    public string AliasOf(SearchIndexDefinition definition) => options.IndexPrefix + definition.Name.ToLowerInvariant();

    public ISearchIndex Open(SearchIndexDefinition definition) =>
        _indexes.AddOrUpdate(definition.Name,
            _ => new ElasticsearchIndex(client, bulk, definition, AliasOf(definition), clock),
            (_, existing) => existing.Definition == definition || existing.Definition.Fields.SequenceEqual(definition.Fields)
                ? existing
                : new ElasticsearchIndex(client, bulk, definition, AliasOf(definition), clock));

    public async Task<ISearchIndexBuild> BeginRebuildAsync(SearchIndexDefinition definition, CancellationToken ct = default)
    {
        var alias = AliasOf(definition);
        var physical = $"{alias}-{clock.GetUtcNow():yyyyMMddHHmmssfff}";
        await client.SendAsync(HttpMethod.Put, physical, EsMappings.IndexBody(definition, forBulkLoad: true), ct);
        return new Build(this, definition, alias, physical);
    }

    public async Task<SearchHealth> HealthAsync(CancellationToken ct = default)
    {
        try
        {
            var (status, body) = await client.SendAsync(HttpMethod.Get, "_cluster/health", null, ct, HttpStatusCode.RequestTimeout);
            var color = body?["status"]?.ToString() ?? "unknown";
            return new SearchHealth(status == HttpStatusCode.OK && color is "green" or "yellow", $"Elasticsearch at {client.Endpoint}: cluster {color}");
        }
        catch (Exception e) when (e is SearchUnavailableException or ElasticsearchRequestException)
        {
            return new SearchHealth(false, e.Message);
        }
    }

    private sealed class Build(ElasticsearchProvider provider, SearchIndexDefinition definition, string alias, string physical) : ISearchIndexBuild
    {
        private bool _swapped;

        public Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct = default) =>
            documents.Count == 0
                ? Task.CompletedTask
                : provider.Bulk.WriteAsync(physical, documents.Select(d => new BulkItem(d.Id, EsMappings.Source(definition, d))).ToList(), ct);

        public async Task SwapAsync(CancellationToken ct = default)
        {
            var client = provider.Client;
            await client.SendAsync(HttpMethod.Put, $"{physical}/_settings",
                new JsonObject { ["index"] = new JsonObject { ["refresh_interval"] = null } }, ct);
            await client.SendAsync(HttpMethod.Post, $"{physical}/_refresh", null, ct);
            var (status, current) = await client.SendAsync(HttpMethod.Get, $"_alias/{alias}", null, ct, HttpStatusCode.NotFound);
            var old = status == HttpStatusCode.NotFound || current is not JsonObject holders ? [] : holders.Select(p => p.Key).ToList();
            await client.SendAsync(HttpMethod.Post, "_aliases", EsRequests.SwapAlias(alias, old, physical), ct);
            _swapped = true;
            foreach (var index in old.Where(i => i != physical))
                await client.SendAsync(HttpMethod.Delete, index, null, ct, HttpStatusCode.NotFound);
            provider._indexes.TryRemove(definition.Name, out _);
        }

        public async ValueTask DisposeAsync()
        {
            if (_swapped) return;
            try
            {
                await provider.Client.SendAsync(HttpMethod.Delete, physical, null, CancellationToken.None, HttpStatusCode.NotFound);
            }
            catch (Exception e) when (e is SearchUnavailableException or ElasticsearchRequestException)
            {
                // An abandoned build index is harmless (the alias never pointed at it); the next rebuild makes a new one.
            }
        }
    }
}
