using Shop.Audiences.Models;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;

namespace Shop.Audiences.Services;

public sealed class AudienceJobStore(DbSession db)
{
    private const string Columns =
        "id AS Id, kind AS Kind, audience_id AS AudienceId, audience_version AS AudienceVersion, template_id AS TemplateId, idempotency_key AS IdempotencyKey, " +
        "state AS State, cursor AS Cursor, total AS Total, processed AS Processed, succeeded AS Succeeded, failed AS Failed, error AS Error, attempts AS Attempts, " +
        "actor AS Actor, created_at AS CreatedAt, updated_at AS UpdatedAt, finished_at AS FinishedAt, snapshot_version AS SnapshotVersion";

    /// <summary>
    /// The rows of each snapshot audience's current version (<c>r</c>): what counts, the gate and
    /// new pushes read. A version being filled, or one a running push still walks, is not in it.
    /// </summary>
    public const string CurrentSnapshotRows =
        "audience_snapshot_rows r JOIN audience_snapshot_heads h ON h.audience_id = r.audience_id AND h.version_id = r.version_id";

    public DbSession Db => db;

    /// <summary>Inserts the job unless one with its kind and key exists; returns the job that holds the key.</summary>
    public async Task<AudienceJob> InsertOrGetAsync(AudienceJob job)
    {
        await db.ExecuteAsync(
            "INSERT INTO audience_jobs (id, kind, audience_id, audience_version, template_id, idempotency_key, state, cursor, total, processed, succeeded, failed, " +
            "error, attempts, actor, created_at, updated_at, finished_at, snapshot_version) VALUES (@Id, @Kind, @AudienceId, @AudienceVersion, @TemplateId, @IdempotencyKey, @State, " +
            "@Cursor, @Total, @Processed, @Succeeded, @Failed, @Error, @Attempts, @Actor, @CreatedAt, @UpdatedAt, @FinishedAt, @SnapshotVersion) ON CONFLICT DO NOTHING", job);
        return (await ByKeyAsync(job.Kind, job.IdempotencyKey))!;
    }

    public Task<AudienceJob?> ByKeyAsync(string kind, string key) =>
        db.QuerySingleOrDefaultAsync<AudienceJob>($"SELECT {Columns} FROM audience_jobs WHERE kind = @kind AND idempotency_key = @key", new { kind, key });

    public Task<AudienceJob?> GetAsync(string id) =>
        db.QuerySingleOrDefaultAsync<AudienceJob>($"SELECT {Columns} FROM audience_jobs WHERE id = @id", new { id });

    public async Task<IReadOnlyList<AudienceJob>> PendingAsync(int take) =>
        (await db.QueryAsync<AudienceJob>($"SELECT {Columns} FROM audience_jobs WHERE state = @pending ORDER BY created_at, id LIMIT @take",
            new { pending = AudienceJobStates.Pending, take })).ToList();

    public async Task<(IReadOnlyList<AudienceJob> Rows, int Total)> ListAsync(string? audienceId, PageRequest page)
    {
        var where = audienceId is null ? "1 = 1" : "audience_id = @audienceId";
        var args = new { audienceId, after = page.AfterKey, take = page.First + 1 };
        var total = await db.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM audience_jobs WHERE {where}", args);
        var rows = await db.QueryAsync<AudienceJob>(
            $"SELECT {Columns} FROM audience_jobs WHERE {where} {(page.AfterKey is null ? "" : "AND id < @after")} ORDER BY id DESC LIMIT @take", args);
        return (rows.ToList(), total);
    }

    /// <summary>
    /// Records a batch in its own transaction: the cursor moves from <paramref name="from"/> and the
    /// counters grow. False when the job is no longer pending at that cursor (another runner moved
    /// it), so the caller rolls its batch back instead of counting it twice.
    /// </summary>
    public async Task<bool> TryAdvanceAsync(string id, string? from, string? cursor, long processed, long succeeded, long failed, bool done, long now) =>
        await db.ExecuteAsync(
            "UPDATE audience_jobs SET cursor = @cursor, processed = processed + @processed, succeeded = succeeded + @succeeded, failed = failed + @failed, " +
            "state = @state, updated_at = @now, finished_at = @finishedAt, error = NULL " +
            "WHERE id = @id AND state = @pending AND COALESCE(cursor, '') = @from",
            new
            {
                id, from = from ?? "", cursor, processed, succeeded, failed, pending = AudienceJobStates.Pending,
                state = done ? AudienceJobStates.Done : AudienceJobStates.Pending, now, finishedAt = done ? now : (long?)null,
            }) == 1;

    public Task RecordErrorAsync(string id, string error, bool giveUp, long now) =>
        db.ExecuteAsync("UPDATE audience_jobs SET error = @error, attempts = attempts + 1, state = @state, updated_at = @now, finished_at = @finishedAt WHERE id = @id",
            new { id, error = error.Length > 1000 ? error[..1000] : error, state = giveUp ? AudienceJobStates.Failed : AudienceJobStates.Pending, now, finishedAt = giveUp ? now : (long?)null });

    /// <summary>
    /// In a transaction: the snapshot version a new push will walk (the current one, or null when
    /// the audience has none yet). The head row stays locked until the push's job is committed, so
    /// a snapshot job switching the head waits and then sees the push keeping that version.
    /// </summary>
    public async Task<string?> PinSnapshotAsync(string audienceId)
    {
        await db.ExecuteAsync("UPDATE audience_snapshot_heads SET version_id = version_id WHERE audience_id = @audienceId", new { audienceId });
        return await db.ExecuteScalarAsync<string?>("SELECT version_id FROM audience_snapshot_heads WHERE audience_id = @audienceId", new { audienceId });
    }

    public Task<long> SnapshotCountAsync(string audienceId, string? versionId) =>
        db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audience_snapshot_rows WHERE audience_id = @audienceId AND version_id = @versionId", new { audienceId, versionId });

    /// <summary>Members of one snapshot version after <paramref name="after"/>, in id order.</summary>
    public async Task<IReadOnlyList<string>> SnapshotPageAsync(string audienceId, string? versionId, string? after, int take) =>
        (await db.QueryAsync<string>(
            $"SELECT member_id FROM audience_snapshot_rows WHERE audience_id = @audienceId AND version_id = @versionId {(after is null ? "" : "AND member_id > @after")} " +
            "ORDER BY member_id LIMIT @take", new { audienceId, versionId, after, take })).ToList();

    public async Task AddSnapshotRowsAsync(string audienceId, string versionId, IEnumerable<string> memberIds)
    {
        foreach (var memberId in memberIds)
            await db.ExecuteAsync("INSERT INTO audience_snapshot_rows (audience_id, version_id, member_id) VALUES (@audienceId, @versionId, @memberId) ON CONFLICT DO NOTHING",
                new { audienceId, versionId, memberId });
    }

    /// <summary>
    /// Makes a finished snapshot the audience's current one, only forward: a job of an older
    /// version finishing after a newer one leaves the head where it is.
    /// </summary>
    public Task SwitchSnapshotAsync(string audienceId, string versionId, long versionNo) =>
        db.ExecuteAsync(
            "INSERT INTO audience_snapshot_heads (audience_id, version_id, version_no) VALUES (@audienceId, @versionId, @versionNo) " +
            "ON CONFLICT (audience_id) DO UPDATE SET version_id = excluded.version_id, version_no = excluded.version_no " +
            "WHERE audience_snapshot_heads.version_no < excluded.version_no", new { audienceId, versionId, versionNo });

    /// <summary>
    /// Deletes the audience's snapshot versions nobody uses: not the current one, not one a pending
    /// snapshot job is filling, not one a pending push walks. One statement, so it sees the head
    /// and the jobs as of one moment.
    /// </summary>
    public Task DropUnusedSnapshotsAsync(string audienceId) =>
        db.ExecuteAsync(
            "DELETE FROM audience_snapshot_rows WHERE audience_id = @audienceId " +
            "AND NOT EXISTS (SELECT 1 FROM audience_snapshot_heads h WHERE h.audience_id = audience_snapshot_rows.audience_id AND h.version_id = audience_snapshot_rows.version_id) " +
            "AND NOT EXISTS (SELECT 1 FROM audience_jobs j WHERE j.audience_id = audience_snapshot_rows.audience_id AND j.state = @pending " +
            "AND ((j.kind = @snapshot AND j.audience_version = audience_snapshot_rows.version_id) OR j.snapshot_version = audience_snapshot_rows.version_id))",
            new { audienceId, pending = AudienceJobStates.Pending, snapshot = AudienceJobKinds.Snapshot });
}
