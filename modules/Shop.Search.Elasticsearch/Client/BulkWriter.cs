using System.Net;
using System.Text.Json.Nodes;
using Shop.Search.Elasticsearch.Querying;

namespace Shop.Search.Elasticsearch.Client;

/// <summary>
/// Sends a batch through <c>_bulk</c> and handles partial failure: items rejected for load
/// (429, 5xx) are resent alone with backoff; items rejected for their content fail the batch
/// with their ids and reasons, so the indexing worker keeps its cursor and nothing is lost.
/// Deleting a document that is not there is not a failure.
/// </summary>
public sealed class BulkWriter(ElasticsearchClient client, ElasticsearchOptions options, TimeProvider clock)
{
    public async Task WriteAsync(string index, IReadOnlyList<BulkItem> items, CancellationToken ct)
    {
        var pending = items;
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var (_, body) = await client.BulkAsync(EsRequests.Bulk(index, pending), ct);
            var (retry, failed) = Outcome(pending, body);
            if (failed.Count > 0)
                throw new ElasticsearchBulkException(failed);
            if (retry.Count > 0 && attempt >= options.MaxAttempts)
                throw new Shop.Framework.Search.SearchUnavailableException(
                    $"Elasticsearch at {client.Endpoint} kept rejecting {retry.Count} of {items.Count} documents as overloaded after {attempt} attempts.");
            if (retry.Count > 0) await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt - 1)), clock, ct);
            pending = retry;
        }
    }

    /// <summary>Splits a bulk response into items to resend and items that failed for good.</summary>
    public static (IReadOnlyList<BulkItem> Retry, IReadOnlyList<BulkFailure> Failed) Outcome(IReadOnlyList<BulkItem> sent, JsonNode? response)
    {
        if (response?["errors"]?.GetValue<bool>() != true) return ([], []);
        var results = response["items"]?.AsArray() ?? throw new InvalidOperationException("Bulk response without items.");
        var retry = new List<BulkItem>();
        var failed = new List<BulkFailure>();
        for (var i = 0; i < results.Count && i < sent.Count; i++)
        {
            var result = results[i]!.AsObject().First().Value!;
            var status = (HttpStatusCode)result["status"]!.GetValue<int>();
            if ((int)status < 300) continue;
            var isDelete = sent[i].Source is null;
            if (isDelete && status == HttpStatusCode.NotFound) continue;
            if (ElasticsearchClient.IsTransient(status) || (int)status >= 500) retry.Add(sent[i]);
            else failed.Add(new BulkFailure(sent[i].Id, (int)status, result["error"]?["type"]?.ToString() ?? "error", result["error"]?["reason"]?.ToString() ?? ""));
        }
        return (retry, failed);
    }
}

public sealed record BulkFailure(string Id, int Status, string Type, string Reason);

public sealed class ElasticsearchBulkException(IReadOnlyList<BulkFailure> failures)
    : Exception($"Elasticsearch rejected {failures.Count} document(s): " +
                string.Join("; ", failures.Take(3).Select(f => $"{f.Id}: {f.Status} {f.Type} {f.Reason}")))
{
    public IReadOnlyList<BulkFailure> Failures { get; } = failures;
}
