using FluentMigrator;

namespace Shop.CheckIn.Data.Migrations;

[Migration(202611234001, "checkin: records and per-member summary")]
public sealed class M202611234001_CheckIns : Migration
{
    public override void Up()
    {
        Create.Table("checkin_records")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("date").AsString(10).NotNullable()
            .WithColumn("kind").AsString(10).NotNullable()
            .WithColumn("streak").AsInt64().NotNullable()
            .WithColumn("points_awarded").AsInt64().NotNullable()
            .WithColumn("growth_awarded").AsInt64().NotNullable()
            .WithColumn("cost_points").AsInt64().NotNullable()
            .WithColumn("rewards").AsString(2000).NotNullable()
            .WithColumn("rule_version").AsString(40).NotNullable()
            .WithColumn("idempotency_key").AsString(100).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable();
        // One check-in per member per local day: the index decides races, not a read.
        Create.Index("ux_checkin_records_member_date").OnTable("checkin_records")
            .OnColumn("member_id").Ascending().OnColumn("date").Ascending().WithOptions().Unique();
        Create.Index("ux_checkin_records_member_key").OnTable("checkin_records")
            .OnColumn("member_id").Ascending().OnColumn("idempotency_key").Ascending().WithOptions().Unique();
        Create.Index("ix_checkin_records_date").OnTable("checkin_records").OnColumn("date").Ascending();

        // One row per member: its row lock serializes that member's check-in writes on PostgreSQL
        // (SQLite writers queue anyway), and it carries the totals the member page shows.
        Create.Table("checkin_members")
            .WithColumn("member_id").AsString(40).PrimaryKey()
            .WithColumn("total_days").AsInt64().NotNullable()
            .WithColumn("makeups").AsInt64().NotNullable()
            .WithColumn("last_date").AsString(10).Nullable()
            .WithColumn("updated_at").AsInt64().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("checkin_members");
        Delete.Table("checkin_records");
    }
}
