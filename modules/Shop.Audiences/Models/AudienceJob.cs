namespace Shop.Audiences.Models;

/// <summary>Work over every member of an audience, done in batches and resumable from <see cref="Cursor"/>.</summary>
public sealed class AudienceJob
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public string AudienceId { get; set; } = "";
    public string AudienceVersion { get; set; } = "";
    /// <summary>A push over a snapshot audience: the snapshot version it walks (current when it started), kept until it finishes.</summary>
    public string? SnapshotVersion { get; set; }
    public string? TemplateId { get; set; }
    public string IdempotencyKey { get; set; } = "";
    public string State { get; set; } = AudienceJobStates.Pending;
    /// <summary>Where the next batch starts: the last hit's sort values (JSON) or the last member id of a snapshot.</summary>
    public string? Cursor { get; set; }
    /// <summary>Members in the audience when the job started (for progress; the audience may move meanwhile).</summary>
    public long Total { get; set; }
    public long Processed { get; set; }
    public long Succeeded { get; set; }
    public long Failed { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public string Actor { get; set; } = "";
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? FinishedAt { get; set; }
}

public static class AudienceJobKinds
{
    /// <summary>Issue one coupon of a template to every member.</summary>
    public const string CouponIssue = "couponIssue";

    /// <summary>Freeze a snapshot audience's members.</summary>
    public const string Snapshot = "snapshot";
}

public static class AudienceJobStates
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Failed = "failed";
}
