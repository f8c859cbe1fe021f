using FluentMigrator;

namespace Shop.Points.Data.Migrations;

/// <summary>
/// Every grant and spend writes a page of each index on the rows it adds, so indexes the hot
/// rows never need cost every write. The counts-at index served no query (caps filter on
/// <c>COALESCE(counts_at, created_at)</c>, found through the member-kind-time index), and only
/// pending lots are ever looked up by their frozen-until time: that index keeps just those.
/// </summary>
[Migration(202612025001, "points: no index on counts_at; frozen-until index on pending lots only")]
public sealed class M202612025001_HotLedgerIndexes : Migration
{
    public override void Up()
    {
        Delete.Index("ix_points_entries_member_counts_at").OnTable("points_entries");
        Delete.Index("ix_points_lots_frozen").OnTable("points_lots");
        // A partial index: the same statement on SQLite and PostgreSQL.
        Execute.Sql("CREATE INDEX ix_points_lots_pending_frozen ON points_lots (frozen_until) WHERE state = 'pending'");
    }

    public override void Down()
    {
        Execute.Sql("DROP INDEX ix_points_lots_pending_frozen");
        Create.Index("ix_points_lots_frozen").OnTable("points_lots")
            .OnColumn("state").Ascending().OnColumn("frozen_until").Ascending();
        Create.Index("ix_points_entries_member_counts_at").OnTable("points_entries")
            .OnColumn("member_id").Ascending().OnColumn("counts_at").Ascending();
    }
}
