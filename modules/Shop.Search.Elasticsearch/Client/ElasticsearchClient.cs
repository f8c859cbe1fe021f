using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Shop.Framework.Search;
using Shop.Search.Elasticsearch.Querying;

namespace Shop.Search.Elasticsearch.Client;

/// <summary>
/// The few REST calls the provider needs, on <see cref="HttpClient"/> (the official .NET
/// clients are not available here). Transient failures — connection errors, timeouts, 429 and
/// 502-504 — are retried with jittered exponential backoff; a cluster that stays unreachable
/// becomes a <see cref="SearchUnavailableException"/> naming the host (never the credentials);
/// a request the cluster rejects becomes an <see cref="ElasticsearchRequestException"/> with
/// its error type and reason.
/// </summary>
public sealed class ElasticsearchClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeHeaderValue NdJson = new("application/x-ndjson") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly ElasticsearchOptions _options;
    private readonly ILogger _log;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly SemaphoreSlim _flavorLock = new(1, 1);
    private ClusterFlavor? _flavor;

    public ElasticsearchClient(HttpClient http, ElasticsearchOptions options, ILogger<ElasticsearchClient> log, TimeProvider clock)
    {
        _http = http;
        _options = options;
        _log = log;
        _http.BaseAddress = new UriBuilder(options.Url) { UserName = "", Password = "" }.Uri;
        _http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's per-attempt timeout governs
        if (!string.IsNullOrEmpty(options.ApiKey))
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", options.ApiKey);
        else if (!string.IsNullOrEmpty(options.Username))
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));

        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                OnRetry = a =>
                {
                    _log.LogWarning("Elasticsearch request failed ({Reason}); retry {Attempt} in {Delay}",
                        a.Outcome.Exception?.GetType().Name ?? ((int?)a.Outcome.Result?.StatusCode)?.ToString(), a.AttemptNumber + 1, a.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.RequestTimeout)
            .Build();
    }

    /// <summary>Host and port only, for messages: the configured URL may carry credentials.</summary>
    public string Endpoint => $"{_options.Url.Scheme}://{_options.Url.Host}:{_options.Url.Port}";

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Sends JSON and parses the answer; statuses in <paramref name="accept"/> (besides 2xx) return their body instead of throwing.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body,
        CancellationToken ct, params HttpStatusCode[] accept)
    {
        var text = body is null ? null : EsJson.Write(body);
        return await SendTextAsync(method, path, text, Json, ct, accept);
    }

    /// <summary>A <c>_bulk</c> request: NDJSON lines, each ending with a newline.</summary>
    public Task<(HttpStatusCode Status, JsonNode? Body)> BulkAsync(string ndjson, CancellationToken ct) =>
        SendTextAsync(HttpMethod.Post, "_bulk", ndjson, NdJson, ct);

    private async Task<(HttpStatusCode, JsonNode?)> SendTextAsync(HttpMethod method, string path, string? text, MediaTypeHeaderValue type,
        CancellationToken ct, params HttpStatusCode[] accept)
    {
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(method, path);
                if (text is not null) request.Content = new StringContent(text, Encoding.UTF8) { Headers = { ContentType = type } };
                return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            }, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            throw new SearchUnavailableException($"Elasticsearch at {Endpoint} is unreachable ({e.Message}).", e);
        }

        using (response)
        {
            var content = await response.Content.ReadAsStringAsync(ct);
            var json = content.Length == 0 ? null : TryParse(content);
            if (response.IsSuccessStatusCode || accept.Contains(response.StatusCode)) return (response.StatusCode, json);
            var (errorType, reason) = ErrorOf(json);
            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                throw new SearchUnavailableException(
                    $"Elasticsearch at {Endpoint} answered {(int)response.StatusCode} to {method} /{path}: {errorType}: {reason}");
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new SearchUnavailableException(
                    $"Elasticsearch at {Endpoint} refused the credentials in Shop:Search ({(int)response.StatusCode} {errorType}).");
            throw new ElasticsearchRequestException((int)response.StatusCode, errorType, reason, $"{method} /{path}");
        }
    }

    /// <summary>Whether the cluster is OpenSearch (its point-in-time API differs), asked once.</summary>
    public async Task<ClusterFlavor> FlavorAsync(CancellationToken ct)
    {
        if (_flavor is { } known) return known;
        await _flavorLock.WaitAsync(ct);
        try
        {
            if (_flavor is { } again) return again;
            var (_, body) = await SendAsync(HttpMethod.Get, "", null, ct);
            var distribution = body?["version"]?["distribution"]?.GetValue<string>();
            _flavor = string.Equals(distribution, "opensearch", StringComparison.OrdinalIgnoreCase) ? ClusterFlavor.OpenSearch : ClusterFlavor.Elasticsearch;
            return _flavor.Value;
        }
        finally
        {
            _flavorLock.Release();
        }
    }

    private static JsonNode? TryParse(string content)
    {
        try { return JsonNode.Parse(content); }
        catch (System.Text.Json.JsonException) { return JsonValue.Create(content.Length > 500 ? content[..500] : content); }
    }

    private static (string Type, string Reason) ErrorOf(JsonNode? json)
    {
        var error = json is JsonObject o ? o["error"] : null;
        return error switch
        {
            JsonObject e => (e["type"]?.ToString() ?? "error", e["reason"]?.ToString() ?? e.ToJsonString()),
            JsonValue v => ("error", v.ToString()),
            _ => ("error", json?.ToJsonString() ?? "(empty response)"),
        };
    }
}

public enum ClusterFlavor
{
    Elasticsearch,
    OpenSearch,
}

/// <summary>The cluster rejected a request (bad mapping, malformed query): a bug or a bad rule, not an outage.</summary>
public sealed class ElasticsearchRequestException(int status, string errorType, string reason, string request)
    : Exception($"Elasticsearch rejected {request} ({status} {errorType}): {reason}")
{
    public int Status { get; } = status;
    public string ErrorType { get; } = errorType;
}
