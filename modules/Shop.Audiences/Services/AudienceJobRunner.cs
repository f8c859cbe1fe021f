using System.Text.Json;
using Microsoft.Extensions.Logging;
using Shop.Audiences.Models;
using Shop.Coupons.Models;
using Shop.Coupons.Services;
using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.Search;

namespace Shop.Audiences.Services;

/// <summary>
/// Runs audience jobs batch by batch. A batch — its coupons (or snapshot rows) and the job's new
/// cursor and counters — commits as one transaction, so a crash anywhere loses at most the batch
/// in flight, which the next run redoes from the last committed cursor; the per-member coupon key
/// makes a redone issue a replay. Counters are therefore exact.
/// </summary>
public sealed class AudienceJobRunner(AudienceJobStore jobs, AudienceCatalog catalog, ContentManager content, ICouponIssuer issuer, TimeProvider clock,
    ILogger<AudienceJobRunner> logger)
{
    public const int BatchSize = 100;
    private const int MaxAttempts = 5;

    /// <summary>Works pending jobs, oldest first, until none is left or <paramref name="budget"/> is spent.</summary>
    public async Task RunAsync(TimeSpan budget, CancellationToken ct = default)
    {
        var until = clock.GetUtcNow() + budget;
        foreach (var job in await jobs.PendingAsync(20))
        {
            while (!ct.IsCancellationRequested && clock.GetUtcNow() < until)
            {
                bool done;
                try
                {
                    done = await RunBatchAsync(job.Id, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var current = await jobs.GetAsync(job.Id);
                    var giveUp = (current?.Attempts ?? 0) + 1 >= MaxAttempts;
                    logger.LogWarning(e, "Audience job {Job} batch failed (attempt {Attempt})", job.Id, (current?.Attempts ?? 0) + 1);
                    await jobs.RecordErrorAsync(job.Id, e.Message, giveUp, clock.NowMs());
                    break;
                }
                if (done) break;
            }
        }
    }

    /// <summary>One batch; true when the job has finished.</summary>
    public async Task<bool> RunBatchAsync(string jobId, CancellationToken ct = default)
    {
        var job = await jobs.GetAsync(jobId) ?? throw new InvalidOperationException($"No audience job '{jobId}'.");
        if (job.State != AudienceJobStates.Pending) return true;
        if (await catalog.AudienceAsync(job.AudienceId) is null)
        {
            await jobs.RecordErrorAsync(job.Id, "The audience is no longer published.", giveUp: true, clock.NowMs());
            return true;
        }
        // The version the job started with, not whichever is published now: a rule edit or a mode
        // switch mid-job must not change the members behind the cursor.
        var version = await content.VersionAsync(AudienceCatalog.AudienceType, job.AudienceId, job.AudienceVersion);
        if (version is null)
        {
            await jobs.RecordErrorAsync(job.Id, "The audience version the job started with is gone.", giveUp: true, clock.NowMs());
            return true;
        }
        var (audience, versionNo) = (version.As<Audience>(), version.Version);
        var (ids, cursor) = await NextBatchAsync(job, audience, ct);
        return await jobs.Db.InTransactionAsync(async () =>
        {
            long succeeded = 0, failed = 0;
            if (job.Kind == AudienceJobKinds.Snapshot)
            {
                // Into this version's own rows; readers keep the current version until the switch below.
                await jobs.AddSnapshotRowsAsync(job.AudienceId, job.AudienceVersion, ids);
                succeeded = ids.Count;
            }
            else
            {
                foreach (var id in ids)
                {
                    var result = await issuer.IssueAsync(new CouponIssue(job.TemplateId!, id, CouponChannels.Audience, $"audience:{job.IdempotencyKey}", job.Id, job.Actor), ct);
                    if (result.Succeeded) succeeded++;
                    else failed++;
                }
            }
            var done = ids.Count < BatchSize;
            if (!await jobs.TryAdvanceAsync(job.Id, job.Cursor, cursor ?? job.Cursor, ids.Count, succeeded, failed, done, clock.NowMs()))
                throw new InvalidOperationException($"Audience job {job.Id} was advanced by another runner; this batch is rolled back.");
            if (done)
            {
                if (job.Kind == AudienceJobKinds.Snapshot) await jobs.SwitchSnapshotAsync(job.AudienceId, job.AudienceVersion, versionNo);
                await jobs.DropUnusedSnapshotsAsync(job.AudienceId);
            }
            return done;
        }, ct);
    }

    /// <summary>
    /// The next members after the cursor: from the index for a rule (search_after on the id sort,
    /// stable across batches), or from the snapshot version a push pinned when it started (kept
    /// until no pending job uses it, so a short page really is the end).
    /// </summary>
    private async Task<(IReadOnlyList<string> Ids, string? Cursor)> NextBatchAsync(AudienceJob job, Audience audience, CancellationToken ct)
    {
        if (job.Kind == AudienceJobKinds.CouponIssue && audience.Mode == AudienceModes.Snapshot)
        {
            var ids = await jobs.SnapshotPageAsync(job.AudienceId, job.SnapshotVersion, job.Cursor, BatchSize);
            return (ids, ids.Count > 0 ? ids[^1] : null);
        }
        var (query, errors) = catalog.Compile(audience.Rule);
        if (query is null) throw new InvalidOperationException($"The audience's rule no longer fits the member index: {errors[0].Message}");
        var after = job.Cursor is null ? null : JsonSerializer.Deserialize<List<string>>(job.Cursor);
        var page = await catalog.OpenMembers().SearchAsync(new SearchRequest(query) { Size = BatchSize, SearchAfter = after }, ct);
        return (page.Hits.Select(h => h.Id).ToList(), page.Hits.Count > 0 ? JsonSerializer.Serialize(page.Hits[^1].SortValues) : null);
    }
}
