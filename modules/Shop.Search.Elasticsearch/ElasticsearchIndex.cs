using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Shop.Framework.Search;
using Shop.Search.Elasticsearch.Client;
using Shop.Search.Elasticsearch.Querying;

namespace Shop.Search.Elasticsearch;

/// <summary>
/// One index, addressed through its alias (<c>{prefix}{name}</c>) so a rebuild can swap the
/// physical index underneath without readers noticing. The first use creates the alias and a
/// first physical index with strict mappings when the cluster has neither.
/// </summary>
public sealed class ElasticsearchIndex(ElasticsearchClient client, BulkWriter bulk, SearchIndexDefinition definition, string alias, TimeProvider clock)
    : ISearchIndex
{
    private readonly SemaphoreSlim _ensure = new(1, 1);
    private volatile bool _ready;

    public SearchIndexDefinition Definition => definition;

    public string Alias => alias;

    public async Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct = default)
    {
        if (documents.Count == 0) return;
        await EnsureAsync(ct);
        await bulk.WriteAsync(alias, documents.Select(d => new BulkItem(d.Id, EsMappings.Source(definition, d))).ToList(), ct);
    }

    public async Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return;
        await EnsureAsync(ct);
        await bulk.WriteAsync(alias, ids.Select(id => new BulkItem(id, null)).ToList(), ct);
    }

    public async Task RefreshAsync(CancellationToken ct = default)
    {
        await EnsureAsync(ct);
        await client.SendAsync(HttpMethod.Post, $"{alias}/_refresh", null, ct);
    }

    public async Task<long> CountAsync(SearchQuery query, CancellationToken ct = default)
    {
        var body = EsRequests.Count(definition, query, clock.GetUtcNow());
        await EnsureAsync(ct);
        var (_, response) = await client.SendAsync(HttpMethod.Post, $"{alias}/_count", body, ct);
        return response!["count"]!.GetValue<long>();
    }

    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        var body = EsRequests.Search(definition, request, clock.GetUtcNow());
        await EnsureAsync(ct);
        var (_, response) = await client.SendAsync(HttpMethod.Post, $"{alias}/_search", body, ct);
        var hits = response!["hits"]!;
        return new SearchResults(
            hits["total"]!["value"]!.GetValue<long>(),
            hits["hits"]!.AsArray().Select(h => new SearchHit(
                h!["_id"]!.GetValue<string>(),
                h["sort"]!.AsArray().Select(v => v?.ToJsonString() ?? "null").ToList())).ToList());
    }

    /// <summary>
    /// A point-in-time scan, so a push to millions of members sees one consistent snapshot
    /// and pages by id without deep offsets. Elasticsearch and OpenSearch spell the PIT API
    /// differently; the flavour is asked once.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<string>> ScanIdsAsync(SearchQuery query, int batchSize = 1000,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (batchSize is < 1 or > 10_000) throw new SearchQueryException("Batch size must be between 1 and 10000.");
        var now = clock.GetUtcNow();
        EsRequests.Count(definition, query, now); // validate before opening anything
        await EnsureAsync(ct);
        var flavor = await client.FlavorAsync(ct);
        var pitId = await OpenPitAsync(flavor, ct);
        try
        {
            string? afterId = null;
            while (true)
            {
                var (_, response) = await client.SendAsync(HttpMethod.Post, "_search",
                    EsRequests.ScanPage(definition, query, now, pitId, batchSize, afterId), ct);
                pitId = response!["pit_id"]?.GetValue<string>() ?? pitId;
                var ids = response["hits"]!["hits"]!.AsArray().Select(h => h!["_id"]!.GetValue<string>()).ToList();
                if (ids.Count == 0) yield break;
                yield return ids;
                if (ids.Count < batchSize) yield break;
                afterId = ids[^1];
            }
        }
        finally
        {
            await ClosePitAsync(flavor, pitId);
        }
    }

    private async Task<string> OpenPitAsync(ClusterFlavor flavor, CancellationToken ct)
    {
        if (flavor == ClusterFlavor.OpenSearch)
        {
            var (_, os) = await client.SendAsync(HttpMethod.Post, $"{alias}/_search/point_in_time?keep_alive=2m", null, ct);
            return os!["pit_id"]!.GetValue<string>();
        }
        var (_, es) = await client.SendAsync(HttpMethod.Post, $"{alias}/_pit?keep_alive=2m", null, ct);
        return es!["id"]!.GetValue<string>();
    }

    private async Task ClosePitAsync(ClusterFlavor flavor, string pitId)
    {
        // Best effort: an unclosed PIT expires by itself after keep_alive.
        try
        {
            if (flavor == ClusterFlavor.OpenSearch)
                await client.SendAsync(HttpMethod.Delete, "_search/point_in_time", new JsonObject { ["pit_id"] = new JsonArray(pitId) },
                    CancellationToken.None, HttpStatusCode.NotFound);
            else
                await client.SendAsync(HttpMethod.Delete, "_pit", new JsonObject { ["id"] = pitId }, CancellationToken.None, HttpStatusCode.NotFound);
        }
        catch (Exception e) when (e is SearchUnavailableException or ElasticsearchRequestException)
        {
        }
    }

    private async Task EnsureAsync(CancellationToken ct)
    {
        if (_ready) return;
        await _ensure.WaitAsync(ct);
        try
        {
            if (_ready) return;
            var (status, _) = await client.SendAsync(HttpMethod.Get, $"_alias/{alias}", null, ct, HttpStatusCode.NotFound);
            if (status == HttpStatusCode.NotFound)
            {
                // A fixed first name: two nodes starting together create it once; the loser's 400 says it exists.
                var (created, body) = await client.SendAsync(HttpMethod.Put, $"{alias}-initial", EsMappings.IndexBody(definition, false, alias), ct,
                    HttpStatusCode.BadRequest);
                if (created == HttpStatusCode.BadRequest && body?["error"]?["type"]?.ToString() != "resource_already_exists_exception")
                    throw new ElasticsearchRequestException(400, body?["error"]?["type"]?.ToString() ?? "error",
                        body?["error"]?["reason"]?.ToString() ?? "", $"PUT /{alias}-initial");
            }
            else
            {
                // The index may predate fields a module added since; add them before writing any.
                await client.SendAsync(HttpMethod.Put, $"{alias}/_mapping", EsMappings.MappingBody(definition), ct);
            }
            _ready = true;
        }
        finally
        {
            _ensure.Release();
        }
    }
}
