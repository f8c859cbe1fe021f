using Shop.Audiences.Models;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;

namespace Shop.Audiences.Services;

public sealed class AudienceJobStore(DbSession db)
{
    private const string Columns =
        "id AS Id, kind AS Kind, audience_id AS AudienceId, audience_version AS AudienceVersion, template_id AS TemplateId, idempotency_key AS IdempotencyKey, " +
        "state AS State, cursor AS Cursor, total AS Total, processed AS Processed, succeeded AS Succeeded, failed AS Failed, error AS Error, attempts AS Attempts, " +
        "actor AS Actor, created_at AS CreatedAt, updated_at AS UpdatedAt, finished_at AS FinishedAt";

    public DbSession Db => db;

    /// <summary>Inserts the job unless one with its kind and key exists; returns the job that holds the key.</summary>
    public async Task<AudienceJob> InsertOrGetAsync(AudienceJob job)
    {
        await db.ExecuteAsync(
            "INSERT INTO audience_jobs (id, kind, audience_id, audience_version, template_id, idempotency_key, state, cursor, total, processed, succeeded, failed, " +
            "error, attempts, actor, created_at, updated_at, finished_at) VALUES (@Id, @Kind, @AudienceId, @AudienceVersion, @TemplateId, @IdempotencyKey, @State, " +
            "@Cursor, @Total, @Processed, @Succeeded, @Failed, @Error, @Attempts, @Actor, @CreatedAt, @UpdatedAt, @FinishedAt) ON CONFLICT DO NOTHING", job);
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
}
