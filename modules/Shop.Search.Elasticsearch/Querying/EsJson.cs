using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shop.Search.Elasticsearch.Querying;

/// <summary>
/// How request bodies are written: UTF-8 as is, not \u-escaped, so Chinese terms stay readable
/// in the cluster's slow log and bodies stay small (these are HTTP bodies, never HTML).
/// </summary>
public static class EsJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode node) => node.ToJsonString(Options);
}
