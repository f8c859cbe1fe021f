using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Framework.Data;

namespace Shop.Framework.Search;

/// <summary>
/// Rebuilds an index from the database into a fresh physical index and swaps it in. Progress
/// (done/total, state) is a row every node can read; a heartbeat per batch tells a live rebuild
/// from one whose process died, so a dead one never blocks the queue or a new rebuild for long.
/// While a rebuild runs, the worker leaves that index's queue alone; after the swap it applies
/// every change made meanwhile to the new index. A rebuild whose heartbeat went stale is given up
/// (marked failed) by the worker before it deletes any task; should that rebuild still be alive, it
/// finds itself given up when it comes to swap and stops, since tasks it never saw were deleted.
/// The swap itself is a state of its own (<see cref="States.Swapping"/>) that keeps the worker off.
/// </summary>
public sealed class SearchRebuilder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SearchRebuilder> log)
{
    public const int BatchSize = 1000;

    /// <summary>Batches read ahead of the index writes: room for the loader to run on while a writer flushes a segment.</summary>
    private const int LoadAhead = 8;

    /// <summary>Batches written side by side.</summary>
    private const int Writers = 2;

    /// <summary>A rebuild whose heartbeat is older than this is considered dead.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    public static class States
    {
        public const string Running = "running";
        public const string Swapping = "swapping";
        public const string Done = "done";
        public const string Failed = "failed";
    }

    /// <summary>Claims the index for a rebuild; false when a live rebuild already holds it.</summary>
    public async Task<bool> TryClaimAsync(string index, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        scope.ServiceProvider.GetRequiredService<SearchCatalog>().Source(index); // unknown index: a clear error, not a claim
        var now = clock.NowMs();
        var args = new { index, now, stale = now - (long)StaleAfter.TotalMilliseconds, running = States.Running, swapping = States.Swapping };
        return await db.InTransactionAsync(async () =>
        {
            await db.ExecuteAsync(
                "INSERT INTO search_rebuilds (index_name, state, done, total, started_at, heartbeat_at) VALUES (@index, 'new', 0, 0, @now, @now) " +
                "ON CONFLICT (index_name) DO NOTHING", args);
            return await db.ExecuteAsync(
                "UPDATE search_rebuilds SET state = @running, done = 0, total = 0, started_at = @now, heartbeat_at = @now, finished_at = NULL, error = NULL " +
                "WHERE index_name = @index AND (state NOT IN (@running, @swapping) OR heartbeat_at < @stale)", args) == 1;
        }, ct);
    }

    /// <summary>Runs a claimed rebuild to the swap, reporting (done, total) after each batch.</summary>
    public async Task RunAsync(string index, IProgress<(long Done, long Total)>? progress = null, CancellationToken ct = default)
    {
        // The claim this run works under: every write to the rebuild's row names it, so a run that
        // was given up never touches the row of the rebuild claimed after it.
        long claim;
        await using (var claimScope = scopes.CreateAsyncScope())
            claim = await claimScope.ServiceProvider.GetRequiredService<DbSession>().QuerySingleOrDefaultAsync<long?>(
                "SELECT started_at FROM search_rebuilds WHERE index_name = @index AND state = @running", new { index, running = States.Running })
                ?? throw new InvalidOperationException($"Index '{index}' has no claimed rebuild to run: claim it first.");
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var catalog = scope.ServiceProvider.GetRequiredService<SearchCatalog>();
            var db = scope.ServiceProvider.GetRequiredService<DbSession>();
            var source = catalog.Source(index);
            var total = await source.CountAsync(ct);
            await ReportAsync(db, index, claim, 0, total);
            progress?.Report((0, total));

            await using var build = await catalog.Provider.BeginRebuildAsync(catalog.Definition(index), ct);
            // The next batches are read from the database (a scope and connection of their own) while
            // earlier ones are written to the index: in a rebuild the two take comparable time.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var batches = Channel.CreateBounded<(int Ids, IReadOnlyList<SearchDocument> Documents)>(
                new BoundedChannelOptions(LoadAhead) { SingleReader = false, SingleWriter = true });
            var loading = Task.Run(() => LoadAsync(index, batches.Writer, stop.Token), stop.Token);
            long done = 0;
            Exception? failure = null;
            using var reporting = new SemaphoreSlim(1);
            // Two writers take batches as they come, so a pause in one write (Lucene flushes a full
            // segment on the thread that filled it; Elasticsearch waits on a bulk request) is filled by the other.
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
            {
                try
                {
                    await foreach (var (ids, documents) in batches.Reader.ReadAllAsync(stop.Token))
                    {
                        await build.UpsertAsync(documents, stop.Token);
                        Interlocked.Add(ref done, ids);
                        await reporting.WaitAsync(stop.Token);
                        try
                        {
                            var reported = Interlocked.Read(ref done);
                            await ReportAsync(db, index, claim, reported, Math.Max(total, reported));
                            progress?.Report((reported, Math.Max(total, reported)));
                        }
                        finally
                        {
                            reporting.Release();
                        }
                    }
                }
                catch (Exception e)
                {
                    // The first failure is the one reported; stopping the loader and the other writer is not.
                    if (Interlocked.CompareExchange(ref failure, e, null) is null) await stop.CancelAsync();
                }
            })));
            if (failure is not null)
            {
                try { await loading; } catch (Exception) { }
                ExceptionDispatchInfo.Throw(failure);
            }
            await loading;
            if (await db.ExecuteAsync(
                    "UPDATE search_rebuilds SET state = @swapping, heartbeat_at = @now WHERE index_name = @index AND state = @running AND started_at = @claim",
                    new { index, claim, swapping = States.Swapping, running = States.Running, now = clock.NowMs() }) == 0)
                throw new InvalidOperationException(
                    $"The rebuild of '{index}' was given up while it ran (its heartbeat went stale and the queue moved on); the live index is unchanged. Start another.");
            await build.SwapAsync(ct);
            await db.ExecuteAsync("UPDATE search_rebuilds SET state = @state, finished_at = @now, heartbeat_at = @now WHERE index_name = @index AND started_at = @claim",
                new { index, claim, state = States.Done, now = clock.NowMs() });
            log.LogInformation("Rebuilt search index {Index}: {Documents} documents", index, done);
        }
        catch (Exception e)
        {
            log.LogError(e, "Rebuilding search index {Index} failed", index);
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DbSession>().ExecuteAsync(
                "UPDATE search_rebuilds SET state = @state, finished_at = @now, error = @error WHERE index_name = @index AND started_at = @claim AND state <> @state",
                new { index, claim, state = States.Failed, now = clock.NowMs(), error = Truncate($"{e.GetType().Name}: {e.Message}") });
            throw;
        }
    }

    /// <summary>Batches the rebuild will write, in id order; each holds the number of ids it covered (deleted ones have no document).</summary>
    private async Task LoadAsync(string index, ChannelWriter<(int, IReadOnlyList<SearchDocument>)> batches, CancellationToken ct)
    {
        Exception? failure = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var catalog = scope.ServiceProvider.GetRequiredService<SearchCatalog>();
            var source = catalog.Source(index);
            string? after = null;
            while (true)
            {
                var ids = await source.IdsAfterAsync(after, BatchSize, ct);
                if (ids.Count == 0) break;
                await batches.WriteAsync((ids.Count, await catalog.BuildAsync(index, ids, ct)), ct);
                after = ids[^1];
            }
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            batches.TryComplete(failure);
        }
    }

    /// <summary>Starts a claimed rebuild off the request; progress is read from the table.</summary>
    public void RunInBackground(string index) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await RunAsync(index);
            }
            catch (Exception)
            {
                // recorded as failed in search_rebuilds and logged by RunAsync
            }
        });

    public static async Task<bool> IsRunningAsync(DbSession db, string index, long nowMs) =>
        await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM search_rebuilds WHERE index_name = @index AND state IN (@running, @swapping) AND heartbeat_at >= @stale",
            new { index, running = States.Running, swapping = States.Swapping, stale = nowMs - (long)StaleAfter.TotalMilliseconds }) > 0;

    /// <summary>
    /// Whether the queue must wait for a rebuild of <paramref name="index"/>. A rebuild whose heartbeat
    /// went stale is marked failed first (a write only when there is one), so it cannot swap in an
    /// index that missed what the queue applies from now on.
    /// </summary>
    public static async Task<bool> HoldsQueueAsync(DbSession db, string index, long nowMs)
    {
        // One read per batch; the write only when a rebuild went silent.
        var heartbeat = await db.QuerySingleOrDefaultAsync<long?>(
            "SELECT heartbeat_at FROM search_rebuilds WHERE index_name = @index AND state IN (@running, @swapping)",
            new { index, running = States.Running, swapping = States.Swapping });
        if (heartbeat is null) return false;
        if (heartbeat >= nowMs - (long)StaleAfter.TotalMilliseconds) return true;
        await GiveUpStaleAsync(db, index, nowMs);
        return false;
    }

    private static Task<int> GiveUpStaleAsync(DbSession db, string index, long nowMs) =>
        db.ExecuteAsync(
            "UPDATE search_rebuilds SET state = @failed, finished_at = @now, error = @error " +
            "WHERE index_name = @index AND state IN (@running, @swapping) AND heartbeat_at < @stale",
            new
            {
                index, now = nowMs, failed = States.Failed, running = States.Running, swapping = States.Swapping,
                stale = nowMs - (long)StaleAfter.TotalMilliseconds, error = $"Given up: no heartbeat for {StaleAfter.TotalMinutes:0} minutes.",
            });

    private Task ReportAsync(DbSession db, string index, long claim, long done, long total) =>
        db.ExecuteAsync("UPDATE search_rebuilds SET done = @done, total = @total, heartbeat_at = @now WHERE index_name = @index AND started_at = @claim AND state = @running",
            new { index, claim, done, total, now = clock.NowMs(), running = States.Running });

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];
}
