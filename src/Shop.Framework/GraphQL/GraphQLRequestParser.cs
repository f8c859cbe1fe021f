using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using Microsoft.AspNetCore.Http;
using Shop.Framework.Hosting;

namespace Shop.Framework.GraphQL;

/// <summary>A parsed GraphQL-over-HTTP request, or the reason it could not be parsed.</summary>
public sealed record GraphQLHttpRequest(string? Query, string? OperationName, Inputs? Variables, string? PersistedHash);

public sealed record RequestProblem(int Status, string Code, string Message);

/// <summary>Reads POST JSON bodies and GET query strings per the GraphQL-over-HTTP spec.</summary>
public static class GraphQLRequestParser
{
    private static readonly GraphQLSerializer Serializer = new();

    public static async Task<(GraphQLHttpRequest? Request, RequestProblem? Problem)> ParseAsync(HttpContext http, int maxBytes)
    {
        if (HttpMethods.IsGet(http.Request.Method))
        {
            var q = http.Request.Query;
            try
            {
                Inputs? getVariables = null;
                if (q["variables"].FirstOrDefault() is { Length: > 0 } variablesJson)
                {
                    using var parsed = JsonDocument.Parse(variablesJson, JsonBody.Strict);
                    if (!TryVariables(parsed.RootElement, out getVariables)) return (null, VariablesNotAnObject);
                }
                return (new GraphQLHttpRequest(
                    q["query"].FirstOrDefault(),
                    q["operationName"].FirstOrDefault(),
                    getVariables,
                    PersistedHash(q["extensions"].FirstOrDefault())), null);
            }
            catch (JsonException e)
            {
                return (null, new RequestProblem(400, "BAD_REQUEST", $"variables/extensions are not valid JSON: {e.Message}"));
            }
        }

        if (!HttpMethods.IsPost(http.Request.Method))
            return (null, new RequestProblem(405, "METHOD_NOT_ALLOWED", "Use POST, or GET for queries."));

        var contentType = http.Request.ContentType;
        if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, new RequestProblem(415, "UNSUPPORTED_MEDIA_TYPE", "POST bodies must be application/json."));
        var body = await JsonBody.ReadAsync(http.Request, maxBytes);
        if (body is null) return (null, new RequestProblem(413, "REQUEST_TOO_LARGE", $"Request bodies are limited to {maxBytes} bytes."));
        if (!JsonBody.IsUtf8(body)) return (null, new RequestProblem(400, "BAD_REQUEST", "The body is not valid UTF-8."));
        try
        {
            using var json = JsonDocument.Parse(body, JsonBody.Strict);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, new RequestProblem(400, "BAD_REQUEST", "The body must be a JSON object with a 'query'."));
            string? query = null, operationName = null, hash = null;
            Inputs? variables = null;
            if (root.TryGetProperty("query", out var qe) && qe.ValueKind != JsonValueKind.Null)
            {
                if (qe.ValueKind != JsonValueKind.String) return (null, new RequestProblem(400, "BAD_REQUEST", "'query' must be a string."));
                query = qe.GetString();
            }
            if (root.TryGetProperty("operationName", out var oe) && oe.ValueKind == JsonValueKind.String) operationName = oe.GetString();
            if (root.TryGetProperty("variables", out var ve) && !TryVariables(ve, out variables)) return (null, VariablesNotAnObject);
            if (root.TryGetProperty("extensions", out var ee) && ee.ValueKind == JsonValueKind.Object) hash = PersistedHash(ee);
            return (new GraphQLHttpRequest(query, operationName, variables, hash), null);
        }
        catch (JsonException e)
        {
            return (null, new RequestProblem(400, "BAD_REQUEST", $"The body is not valid JSON: {e.Message}"));
        }
    }

    private static readonly RequestProblem VariablesNotAnObject = new(400, "BAD_REQUEST", "'variables' must be an object.");

    /// <summary>Reads variables from an element already parsed strictly (no property named twice); null means none.</summary>
    private static bool TryVariables(JsonElement element, out Inputs? variables)
    {
        variables = null;
        if (element.ValueKind == JsonValueKind.Null) return true;
        if (element.ValueKind != JsonValueKind.Object) return false;
        variables = Serializer.Deserialize<Inputs>(element.GetRawText());
        return true;
    }

    private static string? PersistedHash(string? extensionsJson)
    {
        if (string.IsNullOrEmpty(extensionsJson)) return null;
        using var doc = JsonDocument.Parse(extensionsJson, JsonBody.Strict);
        return PersistedHash(doc.RootElement);
    }

    private static string? PersistedHash(JsonElement extensions) =>
        extensions.ValueKind == JsonValueKind.Object
        && extensions.TryGetProperty("persistedQuery", out var pq)
        && pq.ValueKind == JsonValueKind.Object
        && pq.TryGetProperty("sha256Hash", out var h)
        && h.ValueKind == JsonValueKind.String
            ? h.GetString()!.ToLowerInvariant()
            : null;
}
