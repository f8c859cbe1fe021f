using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Framework.Search;

namespace Shop.Search.Elasticsearch.Querying;

/// <summary>
/// The exact request bodies the provider sends, built without I/O so tests can pin them.
/// Every sort ends with the id keyword, so <c>search_after</c> pages stably through ties.
/// </summary>
public static class EsRequests
{
    public static JsonObject Count(SearchIndexDefinition definition, SearchQuery query, DateTimeOffset now) =>
        new() { ["query"] = new EsQueryCompiler(definition, now).Compile(query) };

    public static JsonObject Search(SearchIndexDefinition definition, SearchRequest request, DateTimeOffset now)
    {
        if (request.Size is < 0 or > 10_000) throw new SearchQueryException("Size must be between 0 and 10000.");
        var body = new JsonObject
        {
            ["query"] = new EsQueryCompiler(definition, now).Compile(request.Query),
            ["size"] = request.Size,
            ["sort"] = Sort(definition, request.Sort),
            ["track_total_hits"] = true,
            ["_source"] = false,
        };
        if (request.SearchAfter is { Count: > 0 } after) body["search_after"] = SearchAfter(after, request.Sort.Count + 1);
        return body;
    }

    /// <summary>One page of a point-in-time scan: ids only, in id order.</summary>
    public static JsonObject ScanPage(SearchIndexDefinition definition, SearchQuery query, DateTimeOffset now, string pitId, int size, string? afterId)
    {
        var body = new JsonObject
        {
            ["query"] = new EsQueryCompiler(definition, now).Compile(query),
            ["size"] = size,
            ["sort"] = new JsonArray(new JsonObject { [EsMappings.IdField] = new JsonObject { ["order"] = "asc" } }),
            ["track_total_hits"] = false,
            ["_source"] = false,
            ["pit"] = new JsonObject { ["id"] = pitId, ["keep_alive"] = "2m" },
        };
        if (afterId is not null) body["search_after"] = new JsonArray(afterId);
        return body;
    }

    /// <summary>Moves the alias to <paramref name="newIndex"/> in one atomic <c>_aliases</c> call.</summary>
    public static JsonObject SwapAlias(string alias, IEnumerable<string> oldIndexes, string newIndex)
    {
        var actions = new JsonArray();
        foreach (var old in oldIndexes.Where(i => i != newIndex))
            actions.Add(new JsonObject { ["remove"] = new JsonObject { ["index"] = old, ["alias"] = alias } });
        actions.Add(new JsonObject { ["add"] = new JsonObject { ["index"] = newIndex, ["alias"] = alias, ["is_write_index"] = true } });
        return new JsonObject { ["actions"] = actions };
    }

    /// <summary>NDJSON for <c>_bulk</c>: an action line per document, and its source for index actions.</summary>
    public static string Bulk(string index, IEnumerable<BulkItem> items)
    {
        var text = new StringBuilder();
        foreach (var item in items)
        {
            var action = new JsonObject { [item.Source is null ? "delete" : "index"] = new JsonObject { ["_index"] = index, ["_id"] = item.Id } };
            text.Append(EsJson.Write(action)).Append('\n');
            if (item.Source is not null) text.Append(EsJson.Write(item.Source)).Append('\n');
        }
        return text.ToString();
    }

    private static JsonArray Sort(SearchIndexDefinition definition, IReadOnlyList<SearchSort> sorts)
    {
        var array = new JsonArray();
        foreach (var sort in sorts)
        {
            var field = definition.RequireField(sort.Field);
            if (field.Type == SearchFieldType.Text) throw new SearchQueryException($"Field '{field.Name}' is text and cannot be sorted on.");
            array.Add(new JsonObject { [field.Name] = new JsonObject { ["order"] = sort.Descending ? "desc" : "asc" } });
        }
        array.Add(new JsonObject { [EsMappings.IdField] = new JsonObject { ["order"] = "asc" } });
        return array;
    }

    private static JsonArray SearchAfter(IReadOnlyList<string> values, int expected)
    {
        if (values.Count != expected) throw new SearchQueryException($"search_after needs {expected} values (one per sort plus the id), got {values.Count}.");
        var array = new JsonArray();
        foreach (var value in values)
        {
            try
            {
                array.Add(JsonNode.Parse(value));
            }
            catch (JsonException)
            {
                throw new SearchQueryException("search_after holds a value this provider did not produce.");
            }
        }
        return array;
    }
}

/// <param name="Source">The document to index, or null to delete it.</param>
public sealed record BulkItem(string Id, JsonObject? Source);
