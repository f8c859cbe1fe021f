namespace Shop.Framework.Search;

/// <summary>
/// One index on the configured provider (Lucene on disk, or Elasticsearch). Writes become
/// visible to queries after <see cref="RefreshAsync"/> (the indexing worker calls it after each
/// batch); queries are safe from any number of threads.
/// </summary>
public interface ISearchIndex
{
    SearchIndexDefinition Definition { get; }

    /// <summary>Adds or replaces documents by id.</summary>
    Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct = default);

    Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken ct = default);

    /// <summary>Makes the writes so far durable and visible to queries.</summary>
    Task RefreshAsync(CancellationToken ct = default);

    Task<long> CountAsync(SearchQuery query, CancellationToken ct = default);

    Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct = default);

    /// <summary>Every matching id, in batches, for pushes that must reach millions of documents without deep paging.</summary>
    IAsyncEnumerable<IReadOnlyList<string>> ScanIdsAsync(SearchQuery query, int batchSize = 1000, CancellationToken ct = default);
}

/// <summary>
/// A search backend. <see cref="Open"/> returns the live index (created with its mappings when
/// missing); a rebuild writes a fresh physical index and swaps it in atomically, so queries never
/// see a half-built index.
/// </summary>
public interface ISearchProvider
{
    /// <summary>"Lucene" or "Elasticsearch".</summary>
    string Name { get; }

    ISearchIndex Open(SearchIndexDefinition definition);

    Task<ISearchIndexBuild> BeginRebuildAsync(SearchIndexDefinition definition, CancellationToken ct = default);

    /// <summary>Whether the backend answers (health/ready and the admin's index status).</summary>
    Task<SearchHealth> HealthAsync(CancellationToken ct = default);
}

/// <summary>A fresh physical index being filled; <see cref="SwapAsync"/> makes it the live one, disposing without swapping drops it.</summary>
public interface ISearchIndexBuild : IAsyncDisposable
{
    /// <summary>Adds or replaces documents; a rebuild calls it from two writers at once, with batches of distinct ids.</summary>
    Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct = default);

    Task SwapAsync(CancellationToken ct = default);
}

public sealed record SearchHealth(bool Healthy, string Description);
