using FluentMigrator;

namespace Shop.CheckIn.Data.Migrations;

/// <summary>
/// Which local days have had their lapsed streaks re-indexed (one row a day, the claim), and an
/// index to find the members whose last check-in was on a given day.
/// </summary>
[Migration(202611234002, "checkin: re-indexing of lapsed streaks")]
public sealed class M202611234002_StreakLapses : Migration
{
    public override void Up()
    {
        Create.Table("checkin_streak_lapses")
            .WithColumn("day").AsString(10).PrimaryKey()
            .WithColumn("lapsed_date").AsString(10).NotNullable();
        Create.Index("ix_checkin_members_last_date").OnTable("checkin_members")
            .OnColumn("last_date").Ascending().OnColumn("member_id").Ascending();
    }

    public override void Down()
    {
        Delete.Index("ix_checkin_members_last_date").OnTable("checkin_members");
        Delete.Table("checkin_streak_lapses");
    }
}
