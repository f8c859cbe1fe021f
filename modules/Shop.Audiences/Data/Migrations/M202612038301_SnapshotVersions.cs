using FluentMigrator;

namespace Shop.Audiences.Data.Migrations;

/// <summary>
/// Snapshot rows are keyed by the audience version they were taken for, and each snapshot audience
/// has a head naming the version readers use. A republish used to delete the audience's rows in its
/// first batch and refill them 100 at a time, so counts, the gate and pushes saw a partial list, and
/// an older and a newer job wrote the same rows. Now a job fills its own version and moves the head
/// in its last batch (only forward: <c>version_no</c> is the content version number); a coupon push
/// over a snapshot records the version it started with (<c>snapshot_version</c>), which is kept
/// until no pending job uses it.
/// Existing rows become the version of the audience's newest snapshot job when that job is done;
/// otherwise they were a refill in progress, and that pending job starts over into its own version.
/// </summary>
[Migration(202612038301, "audiences: snapshot rows per audience version, a head naming the current one")]
public sealed class M202612038301_SnapshotVersions : Migration
{
    public override void Up()
    {
        Create.Table("audience_snapshot_rows")
            .WithColumn("audience_id").AsString(40).NotNullable().PrimaryKey()
            .WithColumn("version_id").AsString(40).NotNullable().PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable().PrimaryKey();
        Create.Table("audience_snapshot_heads")
            .WithColumn("audience_id").AsString(40).PrimaryKey()
            .WithColumn("version_id").AsString(40).NotNullable()
            .WithColumn("version_no").AsInt32().NotNullable();
        Alter.Table("audience_jobs").AddColumn("snapshot_version").AsString(40).Nullable();

        Execute.Sql(
            "INSERT INTO audience_snapshot_heads (audience_id, version_id, version_no) " +
            "SELECT j.audience_id, j.audience_version, c.version FROM audience_jobs j JOIN content_items c ON c.version_id = j.audience_version " +
            "WHERE j.kind = 'snapshot' AND j.state = 'done' AND NOT EXISTS (SELECT 1 FROM audience_jobs k WHERE k.kind = 'snapshot' " +
            "AND k.audience_id = j.audience_id AND (k.created_at > j.created_at OR (k.created_at = j.created_at AND k.id > j.id)))");
        Execute.Sql(
            "INSERT INTO audience_snapshot_rows (audience_id, version_id, member_id) " +
            "SELECT s.audience_id, h.version_id, s.member_id FROM audience_snapshots s JOIN audience_snapshot_heads h ON h.audience_id = s.audience_id");
        Execute.Sql("UPDATE audience_jobs SET cursor = NULL, processed = 0, succeeded = 0, failed = 0 WHERE kind = 'snapshot' AND state = 'pending'");
        Execute.Sql(
            "UPDATE audience_jobs SET snapshot_version = (SELECT h.version_id FROM audience_snapshot_heads h WHERE h.audience_id = audience_jobs.audience_id) " +
            "WHERE kind = 'couponIssue' AND state = 'pending'");
        Delete.Table("audience_snapshots");
    }

    public override void Down()
    {
        Create.Table("audience_snapshots")
            .WithColumn("audience_id").AsString(40).NotNullable().PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable().PrimaryKey();
        Execute.Sql(
            "INSERT INTO audience_snapshots (audience_id, member_id) SELECT r.audience_id, r.member_id FROM audience_snapshot_rows r " +
            "JOIN audience_snapshot_heads h ON h.audience_id = r.audience_id AND h.version_id = r.version_id");
        Delete.Column("snapshot_version").FromTable("audience_jobs");
        Delete.Table("audience_snapshot_heads");
        Delete.Table("audience_snapshot_rows");
    }
}
