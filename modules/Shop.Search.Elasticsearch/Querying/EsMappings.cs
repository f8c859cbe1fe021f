using System.Text.Json.Nodes;
using Shop.Framework.Search;

namespace Shop.Search.Elasticsearch.Querying;

/// <summary>
/// Index bodies and documents as Elasticsearch stores them. Mappings are strict (an undeclared
/// field is an indexing error, not a silently new mapping); text uses the built-in <c>cjk</c>
/// analyzer (bigrams over CJK, standard tokens elsewhere), the same analysis as the Lucene
/// provider. The document id is also kept as the keyword <see cref="IdField"/>, because sorting
/// on <c>_id</c> is disabled in Elasticsearch 8 and every sort needs it as the tie-break.
/// </summary>
public static class EsMappings
{
    public const string IdField = "shop_id";

    public static JsonObject IndexBody(SearchIndexDefinition definition, bool forBulkLoad, string? alias = null)
    {
        var properties = Properties(definition);
        var index = new JsonObject { ["number_of_shards"] = 1 };
        if (forBulkLoad) index["refresh_interval"] = "-1";
        var body = new JsonObject
        {
            ["settings"] = new JsonObject { ["index"] = index },
            ["mappings"] = new JsonObject { ["dynamic"] = "strict", ["properties"] = properties },
        };
        if (alias is not null) body["aliases"] = new JsonObject { [alias] = new JsonObject() };
        return body;
    }

    /// <summary>
    /// The body of <c>PUT {index}/_mapping</c>: every declared field. Elasticsearch adds the fields it
    /// lacks and accepts the ones it has unchanged, so an index made before a module added a field
    /// takes documents with it (strict mappings would refuse them); a changed type is refused (400).
    /// </summary>
    public static JsonObject MappingBody(SearchIndexDefinition definition) => new() { ["properties"] = Properties(definition) };

    private static JsonObject Properties(SearchIndexDefinition definition)
    {
        var properties = new JsonObject { [IdField] = new JsonObject { ["type"] = "keyword" } };
        foreach (var field in definition.Fields) properties[field.Name] = Mapping(field.Type);
        return properties;
    }

    public static JsonObject Mapping(SearchFieldType type) => type switch
    {
        SearchFieldType.Keyword => new JsonObject { ["type"] = "keyword" },
        SearchFieldType.Text => new JsonObject { ["type"] = "text", ["analyzer"] = "cjk" },
        SearchFieldType.Long => new JsonObject { ["type"] = "long" },
        SearchFieldType.Double => new JsonObject { ["type"] = "double" },
        SearchFieldType.Date => new JsonObject { ["type"] = "date", ["format"] = "epoch_millis" },
        SearchFieldType.Bool => new JsonObject { ["type"] = "boolean" },
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The _source of a document: declared fields only, typed; nulls left out.</summary>
    public static JsonObject Source(SearchIndexDefinition definition, SearchDocument document)
    {
        var source = new JsonObject { [IdField] = document.Id };
        foreach (var (name, value) in document.Fields)
        {
            if (value is null) continue;
            var field = definition.Field(name)
                ?? throw new SearchQueryException($"Document '{document.Id}' has field '{name}', which index '{definition.Name}' does not declare.");
            source[name] = field.Multi && value is System.Collections.IEnumerable list and not string
                ? new JsonArray(list.Cast<object?>().Where(v => v is not null).Select(v => (JsonNode?)Scalar(field, v!)).ToArray())
                : Scalar(field, value);
        }
        return source;
    }

    private static JsonValue Scalar(SearchField field, object value) => (field.Type, value) switch
    {
        (SearchFieldType.Keyword or SearchFieldType.Text, string s) => JsonValue.Create(s),
        (SearchFieldType.Long or SearchFieldType.Date, long l) => JsonValue.Create(l),
        (SearchFieldType.Long or SearchFieldType.Date, int i) => JsonValue.Create((long)i),
        (SearchFieldType.Date, DateTimeOffset d) => JsonValue.Create(d.ToUnixTimeMilliseconds()),
        (SearchFieldType.Double, double d) => JsonValue.Create(d),
        (SearchFieldType.Double, long l) => JsonValue.Create((double)l),
        (SearchFieldType.Double, int i) => JsonValue.Create((double)i),
        (SearchFieldType.Bool, bool b) => JsonValue.Create(b),
        _ => throw new SearchQueryException($"Field '{field.Name}' is {field.Type}; value of type {value.GetType().Name} does not fit."),
    };
}
