namespace Shop.Framework.Search;

/// <summary>
/// Builds the documents of one index from the database. The indexing worker asks it for the
/// ids the queue names; a rebuild walks every id in order. A module registers one with
/// <c>services.AddSearchIndex&lt;TSource&gt;()</c>.
/// </summary>
public interface ISearchDocumentSource
{
    SearchIndexDefinition Definition { get; }

    /// <summary>Current documents for these ids; an id with no document (deleted) is left out and removed from the index.</summary>
    Task<IReadOnlyList<SearchDocument>> LoadAsync(IReadOnlyList<string> ids, CancellationToken ct = default);

    /// <summary>Ids in ascending order after <paramref name="afterId"/> (null = from the start), at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<string>> IdsAfterAsync(string? afterId, int take, CancellationToken ct = default);

    /// <summary>How many documents a rebuild will write, for its progress bar.</summary>
    Task<long> CountAsync(CancellationToken ct = default);
}

/// <summary>
/// Adds fields to another module's documents (points balance, tier level, streak... on the
/// member document), so the module that owns the data owns its indexing. Called with a batch
/// of ids; writes into each document's field bag.
/// </summary>
public interface ISearchDocumentContributor
{
    /// <summary>The index it contributes to, e.g. <see cref="SearchIndexes.Members"/>.</summary>
    string Index { get; }

    IReadOnlyList<SearchField> Fields { get; }

    Task ContributeAsync(IReadOnlyDictionary<string, Dictionary<string, object?>> documents, CancellationToken ct = default);
}

/// <summary>
/// Queue a document for (re)indexing. Call it inside the transaction that changes the data, so
/// the task commits or rolls back with the change; the worker applies tasks in batches,
/// coalescing repeats. Enqueuing for an index no enabled module defines is a no-op.
/// </summary>
public interface IIndexingQueue
{
    Task EnqueueAsync(string index, string documentId, CancellationToken ct = default);

    Task EnqueueManyAsync(string index, IReadOnlyCollection<string> documentIds, CancellationToken ct = default);
}

/// <summary>Index names shared across modules.</summary>
public static class SearchIndexes
{
    /// <summary>One document per member: profile, orders, points, tier, check-in, coupons, tags, RFM.</summary>
    public const string Members = "members";

    /// <summary>Points mall rewards, for the storefront's search box.</summary>
    public const string Rewards = "rewards";
}
