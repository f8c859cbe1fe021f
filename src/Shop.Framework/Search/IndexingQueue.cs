using Shop.Framework.Data;

namespace Shop.Framework.Search;

/// <summary>
/// Writes indexing tasks through the request's unit of work, so they commit with the change
/// that caused them. Only indexes some enabled module defines are queued.
/// </summary>
public sealed class IndexingQueue(DbSession db, TimeProvider clock, IEnumerable<SearchIndexRegistration> registrations) : IIndexingQueue
{
    private readonly HashSet<string> _indexes = registrations.Select(r => r.Index).ToHashSet(StringComparer.Ordinal);

    public Task EnqueueAsync(string index, string documentId, CancellationToken ct = default) =>
        EnqueueManyAsync(index, [documentId], ct);

    public async Task EnqueueManyAsync(string index, IReadOnlyCollection<string> documentIds, CancellationToken ct = default)
    {
        if (documentIds.Count == 0 || !_indexes.Contains(index)) return;
        var now = clock.NowMs();
        // One statement for the whole list; nothing the caller does next depends on the task rows,
        // so on PostgreSQL it travels with the next statement.
        await db.ExecuteLaterAsync(
            $"INSERT INTO search_tasks (index_name, document_id, enqueued_at) SELECT @index, value, @now FROM {db.Rows("ids")}",
            new { index, ids = documentIds.Distinct().ToArray(), now });
    }
}

/// <summary>Marks an index as defined by an enabled module (the queue ignores the others).</summary>
public sealed record SearchIndexRegistration(string Index);
