using FluentMigrator;

namespace Shop.Points.Data.Migrations;

/// <summary>
/// The instant an entry counts for in daily and monthly caps. An order's points count on the
/// day it was paid, not the day its event happened to be processed (a retry after an outage
/// must not eat into today's cap).
/// </summary>
[Migration(202611232002, "points: entries count for caps at their payment time")]
public sealed class M202611232002_EntryCountsAt : Migration
{
    public override void Up()
    {
        Alter.Table("points_entries").AddColumn("counts_at").AsInt64().Nullable();
        Create.Index("ix_points_entries_member_counts_at").OnTable("points_entries")
            .OnColumn("member_id").Ascending().OnColumn("counts_at").Ascending();
    }

    public override void Down()
    {
        Delete.Index("ix_points_entries_member_counts_at").OnTable("points_entries");
        Delete.Column("counts_at").FromTable("points_entries");
    }
}
