using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Framework.Data;

namespace Shop.Framework.Search;

/// <summary>
/// Applies the indexing queue. Per index it takes the oldest tasks (a batch), coalesces repeated
/// ids, builds their documents, upserts them (deletes the ids that no longer exist), commits the
/// index, and only then deletes exactly the task rows it applied and advances the index's
/// cursor. A crash anywhere before that delete leaves the rows, so the batch is applied again
/// (upserts are idempotent) and nothing is lost. Rows are deleted by sequence number rather
/// than "everything up to the cursor", so a transaction that commits its task late (with a
/// lower number) is still picked up. An index being rebuilt is left alone until the rebuild
/// swaps; its queue then catches the new index up with every change made meanwhile.
/// </summary>
public sealed class IndexingWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IndexingWorker> log)
{
    public const int DefaultBatchSize = 500;

    /// <summary>One pass over every index, at most <paramref name="maxBatches"/> batches each. Returns the tasks applied.</summary>
    public async Task<int> RunOnceAsync(int batchSize = DefaultBatchSize, int maxBatches = 20, CancellationToken ct = default)
    {
        var applied = 0;
        IReadOnlyCollection<string> indexes;
        using (var scope = scopes.CreateScope()) indexes = scope.ServiceProvider.GetRequiredService<SearchCatalog>().Indexes.ToList();
        foreach (var index in indexes)
        {
            for (var batch = 0; batch < maxBatches; batch++)
            {
                var count = await ApplyBatchAsync(index, batchSize, ct);
                applied += count;
                if (count < batchSize) break;
            }
        }
        return applied;
    }

    /// <summary>Runs until the queue is empty (tests, benchmarks, the reindex verb).</summary>
    public async Task DrainAsync(CancellationToken ct = default)
    {
        while (await RunOnceAsync(ct: ct) > 0) { }
    }

    private async Task<int> ApplyBatchAsync(string index, int batchSize, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var catalog = scope.ServiceProvider.GetRequiredService<SearchCatalog>();
        if (await SearchRebuilder.HoldsQueueAsync(db, index, clock.NowMs())) return 0;

        var tasks = (await db.QueryAsync<QueuedTask>(
            "SELECT seq AS Seq, document_id AS DocumentId FROM search_tasks WHERE index_name = @index ORDER BY seq LIMIT @take",
            new { index, take = batchSize })).ToList();
        if (tasks.Count == 0) return 0;

        var ids = tasks.Select(t => t.DocumentId).Distinct().ToList();
        var documents = await catalog.BuildAsync(index, ids, ct);
        var live = catalog.Open(index);
        await live.UpsertAsync(documents, ct);
        var gone = ids.Except(documents.Select(d => d.Id)).ToList();
        await live.DeleteAsync(gone, ct);
        await live.RefreshAsync(ct);

        var seqs = tasks.Select(t => t.Seq).ToArray();
        var now = clock.NowMs();
        var kept = await db.InTransactionAsync(async () =>
        {
            // A rebuild claimed while this batch was applied may have read these rows before their
            // changes: the tasks stay, and the worker applies them to the new index after the swap.
            if (await SearchRebuilder.IsRunningAsync(db, index, now)) return true;
            await db.ExecuteAsync($"DELETE FROM search_tasks WHERE {db.In("seq", "seqs")}", new { seqs });
            await db.ExecuteAsync(
                "INSERT INTO search_cursors (index_name, last_seq, updated_at) VALUES (@index, @seq, @now) " +
                "ON CONFLICT (index_name) DO UPDATE SET last_seq = CASE WHEN excluded.last_seq > search_cursors.last_seq " +
                "THEN excluded.last_seq ELSE search_cursors.last_seq END, updated_at = excluded.updated_at",
                new { index, seq = seqs.Max(), now });
            return false;
        }, ct);
        if (kept) return 0;
        log.LogDebug("Indexed {Upserted} and removed {Deleted} documents of {Index} ({Tasks} tasks)", documents.Count, gone.Count, index, tasks.Count);
        await NotifyAsync(scope.ServiceProvider, index, ids, ct);
        return tasks.Count;
    }

    private async Task NotifyAsync(IServiceProvider services, string index, IReadOnlyList<string> ids, CancellationToken ct)
    {
        foreach (var observer in services.GetServices<ISearchIndexObserver>().Where(o => o.Index == index))
        {
            try
            {
                await observer.IndexedAsync(ids, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "{Observer} failed after indexing {Count} documents of {Index}", observer.GetType().Name, ids.Count, index);
            }
        }
    }

    private sealed class QueuedTask
    {
        public long Seq { get; set; }
        public string DocumentId { get; set; } = "";
    }
}
