namespace Shop.Framework.Search;

/// <summary>
/// Hears which documents the indexing worker has just made searchable, for rules that are
/// evaluated on the index itself (rule tags): they can recheck exactly the members that changed
/// instead of waiting for a full pass. Called after the batch is committed; a failure is logged
/// and does not undo the batch.
/// </summary>
public interface ISearchIndexObserver
{
    string Index { get; }

    Task IndexedAsync(IReadOnlyList<string> documentIds, CancellationToken ct = default);
}
