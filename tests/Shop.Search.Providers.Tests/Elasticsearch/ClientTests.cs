using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Shop.Framework.Search;
using Shop.Search.Elasticsearch.Client;
using Shop.Search.Elasticsearch.Querying;
using static Shop.Search.Elasticsearch.Tests.ScriptedHandler;

namespace Shop.Search.Elasticsearch.Tests;

/// <summary>Retries, partial bulk failures, outages and credentials, against a scripted cluster.</summary>
public sealed class ClientTests
{
    private static ElasticsearchOptions Options(string url = "http://elastic:s3cret@es.local:9200", string? apiKey = null) =>
        new() { Url = new Uri(url), Username = "elastic", Password = "s3cret", ApiKey = apiKey, MaxAttempts = 3 };

    private static ElasticsearchClient Client(ScriptedHandler handler, ElasticsearchOptions options) =>
        new(new HttpClient(handler), options, NullLogger<ElasticsearchClient>.Instance, TimeProvider.System);

    [Fact]
    public async Task An_unreachable_cluster_is_a_clear_error_naming_the_host_but_not_the_credentials()
    {
        var handler = new ScriptedHandler(Refuse());
        var client = Client(handler, Options());
        var error = await Assert.ThrowsAsync<SearchUnavailableException>(() => client.SendAsync(HttpMethod.Get, "_cluster/health", null, default));
        Assert.Contains("http://es.local:9200", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Overload_answers_are_retried_then_succeed()
    {
        var handler = new ScriptedHandler(Answer(HttpStatusCode.TooManyRequests, "{}"), Answer(HttpStatusCode.OK, """{"count":7}"""));
        var (_, body) = await Client(handler, Options()).SendAsync(HttpMethod.Post, "shop-members/_count", null, default);
        Assert.Equal(7, body!["count"]!.GetValue<int>());
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_rejected_request_reports_the_cluster_error_type_and_is_not_retried()
    {
        var handler = new ScriptedHandler(Answer(HttpStatusCode.BadRequest,
            """{"error":{"type":"parsing_exception","reason":"unknown query [nope]"},"status":400}"""));
        var error = await Assert.ThrowsAsync<ElasticsearchRequestException>(() =>
            Client(handler, Options()).SendAsync(HttpMethod.Post, "shop-members/_search", null, default));
        Assert.Equal("parsing_exception", error.ErrorType);
        Assert.Contains("unknown query [nope]", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Basic_auth_or_an_api_key_is_sent_and_userinfo_is_stripped_from_the_url()
    {
        var basic = new ScriptedHandler(Answer(HttpStatusCode.OK, "{}"));
        await Client(basic, Options()).SendAsync(HttpMethod.Get, "", null, default);
        Assert.Equal("Basic ZWxhc3RpYzpzM2NyZXQ=", basic.Requests[0].Authorization);

        var keyed = new ScriptedHandler(Answer(HttpStatusCode.OK, "{}"));
        await Client(keyed, Options("http://es.local:9200", apiKey: "aWQ6a2V5")).SendAsync(HttpMethod.Get, "", null, default);
        Assert.Equal("ApiKey aWQ6a2V5", keyed.Requests[0].Authorization);
    }

    [Fact]
    public async Task Bulk_resends_only_the_items_rejected_for_load()
    {
        var handler = new ScriptedHandler(
            Answer(HttpStatusCode.OK, """{"errors":true,"items":[{"index":{"_id":"m1","status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}},{"index":{"_id":"m2","status":201}}]}"""),
            Answer(HttpStatusCode.OK, """{"errors":false,"items":[{"index":{"_id":"m1","status":200}}]}"""));
        var options = Options();
        var writer = new BulkWriter(Client(handler, options), options, TimeProvider.System);
        await writer.WriteAsync("shop-members", [new BulkItem("m1", new() { ["shop_id"] = "m1" }), new BulkItem("m2", new() { ["shop_id"] = "m2" })], default);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains("\"_id\":\"m1\"", handler.Requests[1].Body);
        Assert.DoesNotContain("\"_id\":\"m2\"", handler.Requests[1].Body);
    }

    [Fact]
    public async Task Bulk_fails_the_batch_with_ids_and_reasons_for_content_errors_but_ignores_deleting_the_absent()
    {
        var handler = new ScriptedHandler(Answer(HttpStatusCode.OK,
            """{"errors":true,"items":[{"index":{"_id":"m1","status":400,"error":{"type":"mapper_parsing_exception","reason":"failed to parse field [orderCount]"}}},{"delete":{"_id":"m2","status":404,"result":"not_found"}}]}"""));
        var options = Options();
        var writer = new BulkWriter(Client(handler, options), options, TimeProvider.System);
        var error = await Assert.ThrowsAsync<ElasticsearchBulkException>(() =>
            writer.WriteAsync("shop-members", [new BulkItem("m1", new() { ["shop_id"] = "m1" }), new BulkItem("m2", null)], default));
        var failure = Assert.Single(error.Failures);
        Assert.Equal(("m1", 400, "mapper_parsing_exception"), (failure.Id, failure.Status, failure.Type));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Health_of_a_down_cluster_is_unhealthy_with_the_reason()
    {
        var options = Options();
        var client = Client(new ScriptedHandler(Refuse()), options);
        var provider = new ElasticsearchProvider(client, new BulkWriter(client, options, TimeProvider.System), options, TimeProvider.System);
        var health = await provider.HealthAsync();
        Assert.False(health.Healthy);
        Assert.Contains("unreachable", health.Description);
    }

    [Fact]
    public async Task A_missing_index_is_created_once_with_its_alias_and_a_scan_uses_the_point_in_time_api_of_the_flavour()
    {
        var handler = new ScriptedHandler(
            Answer(HttpStatusCode.NotFound, """{"error":"alias [shop-members] missing","status":404}"""),       // GET _alias
            Answer(HttpStatusCode.OK, """{"acknowledged":true}"""),                                             // PUT initial
            Answer(HttpStatusCode.OK, """{"version":{"distribution":"opensearch","number":"2.17.0"}}"""),        // GET /
            Answer(HttpStatusCode.OK, """{"pit_id":"p1"}"""),                                                   // open PIT
            Answer(HttpStatusCode.OK, """{"hits":{"hits":[{"_id":"m1"},{"_id":"m2"}]}}"""),                      // page 1 (full)
            Answer(HttpStatusCode.OK, """{"hits":{"hits":[{"_id":"m3"}]}}"""),                                    // page 2 (last)
            Answer(HttpStatusCode.OK, """{"succeeded":true}"""));                                               // close PIT
        var options = Options();
        var client = Client(handler, options);
        var provider = new ElasticsearchProvider(client, new BulkWriter(client, options, TimeProvider.System), options, TimeProvider.System);
        var index = provider.Open(TestIndex.Definition);

        var ids = new List<string>();
        await foreach (var batch in index.ScanIdsAsync(new TermQuery("tags", "vip"), batchSize: 2)) ids.AddRange(batch);

        Assert.Equal(["m1", "m2", "m3"], ids);
        Assert.Equal("/shop-members-initial", handler.Requests[1].Path);
        Assert.Contains("\"aliases\":{\"shop-members\":{}}", handler.Requests[1].Body);
        Assert.Equal("/shop-members/_search/point_in_time?keep_alive=2m", handler.Requests[3].Path);
        Assert.Contains("\"search_after\":[\"m2\"]", handler.Requests[5].Body);
        Assert.Equal((HttpMethod.Delete, "/_search/point_in_time"), (handler.Requests[6].Method, handler.Requests[6].Path));
    }
}
