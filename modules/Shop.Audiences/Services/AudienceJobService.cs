using Shop.Audiences.Models;
using Shop.Coupons.Models;
using Shop.Coupons.Services;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;

namespace Shop.Audiences.Services;

public sealed record AudienceJobResult(AudienceJob? Job, IReadOnlyList<UserError> Errors);

/// <summary>Starts audience jobs: coupon pushes (from the admin) and snapshots (when a snapshot audience is published).</summary>
public sealed class AudienceJobService(AudienceJobStore jobs, AudienceCatalog catalog, AudienceQueries queries, CouponTemplates templates, TimeProvider clock)
{
    /// <summary>
    /// <c>couponIssueToAudience</c>: one coupon of the template to every member of the audience,
    /// in the background. The key makes the push idempotent (a replay returns the same job) and is
    /// each coupon's key too, so no member ever gets two from one push.
    /// </summary>
    public async Task<AudienceJobResult> IssueCouponsAsync(string templateId, string audienceId, string? key, string actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 100) return Fail(ErrorCodes.Validation, "idempotencyKey must be 1 to 100 characters.", "idempotencyKey");
        if (await jobs.ByKeyAsync(AudienceJobKinds.CouponIssue, key) is { } replay) return Replay(replay, templateId, audienceId);
        var template = await templates.FindAsync(templateId);
        if (template is null) return Fail(ErrorCodes.NotFound, $"No published coupon template '{templateId}'.", "templateId");
        if (!template.Template.Channels.Contains(CouponChannels.Audience))
            return Fail(CouponErrorCodes.NotAvailable, "The template is not issued to audiences (add the audience channel).", "templateId");
        var audience = await catalog.AudienceAsync(audienceId);
        if (audience is null) return Fail(ErrorCodes.NotFound, $"No published audience '{audienceId}'.", "audienceId");
        if (audience.Audience.Mode == AudienceModes.Snapshot)
        {
            // The push walks the snapshot current now, pinned in the same transaction as its job
            // (see PinSnapshotAsync), so a republish finishing meanwhile neither changes nor deletes it.
            var pinned = await jobs.Db.InTransactionAsync(async () =>
            {
                var version = await jobs.PinSnapshotAsync(audienceId);
                var job = NewJob(AudienceJobKinds.CouponIssue, audience, templateId, key, await jobs.SnapshotCountAsync(audienceId, version), actor);
                job.SnapshotVersion = version;
                return await jobs.InsertOrGetAsync(job);
            }, ct);
            return Replay(pinned, templateId, audienceId);
        }
        var total = await queries.CountAsync(audience, ct);
        if (total is null) return Fail(ErrorCodes.Validation, "The audience's rule no longer fits the member index.", "audienceId");
        return Replay(await jobs.InsertOrGetAsync(NewJob(AudienceJobKinds.CouponIssue, audience, templateId, key, total.Value, actor)), templateId, audienceId);
    }

    /// <summary>
    /// The job a key names, when it is this push's: a key reused for another template or audience
    /// is refused rather than answered with the other push's job as if this one had started.
    /// </summary>
    private static AudienceJobResult Replay(AudienceJob job, string templateId, string audienceId) =>
        job.TemplateId == templateId && job.AudienceId == audienceId
            ? new AudienceJobResult(job, [])
            : Fail(ErrorCodes.Validation, "This idempotencyKey was used for a push of another template or audience.", "idempotencyKey");

    /// <summary>Called in the publish transaction of a snapshot audience: the version's snapshot is taken once.</summary>
    public async Task StartSnapshotAsync(PublishedAudience audience, string actor, long total) =>
        await jobs.InsertOrGetAsync(NewJob(AudienceJobKinds.Snapshot, audience, null, audience.VersionId, total, actor));

    private AudienceJob NewJob(string kind, PublishedAudience audience, string? templateId, string key, long total, string actor)
    {
        var now = clock.NowMs();
        return new AudienceJob
        {
            Id = Ids.New("ajob"), Kind = kind, AudienceId = audience.Id, AudienceVersion = audience.VersionId, TemplateId = templateId,
            IdempotencyKey = key, State = AudienceJobStates.Pending, Total = total, Actor = actor, CreatedAt = now, UpdatedAt = now,
        };
    }

    private static AudienceJobResult Fail(string code, string message, string field) => new(null, [new UserError(code, message, field)]);
}
