namespace Shop.Framework.GraphQL;

/// <summary>Bound from <c>Shop:GraphQL</c>.</summary>
public sealed class GraphQLOptions
{
    public int MaxDepth { get; set; } = 15;
    public int MaxComplexity { get; set; } = 5_000;
    public int StorefrontMaxPageSize { get; set; } = 100;
    public int AdminMaxPageSize { get; set; } = 500;
    public int MaxRequestBytes { get; set; } = 128 * 1024;
    public int MaxDocumentLength { get; set; } = 32 * 1024;

    /// <summary>Refuse storefront documents that are not already registered by hash (production apps).</summary>
    public bool PersistedQueriesOnly { get; set; }

    /// <summary>Introspection and the SDL endpoints; on by default, switch off in production if wanted.</summary>
    public bool Introspection { get; set; } = true;

    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
