using FluentMigrator;

namespace Shop.Tiers.Data.Migrations;

[Migration(202611233001, "tiers: growth ledger, member levels, level changes, reviews, birthday grants")]
public sealed class M202611233001_Tiers : Migration
{
    public override void Up()
    {
        // The projection: growth value and level per member, changed only by guarded updates.
        Create.Table("tier_members")
            .WithColumn("member_id").AsString(40).PrimaryKey()
            .WithColumn("growth_value").AsInt64().NotNullable()
            .WithColumn("level").AsInt32().NotNullable()
            .WithColumn("level_since").AsInt64().NotNullable()
            .WithColumn("next_review_at").AsInt64().Nullable()
            .WithColumn("updated_at").AsInt64().NotNullable();
        Create.Index("ix_tier_members_level").OnTable("tier_members").OnColumn("level").Ascending();
        Create.Index("ix_tier_members_review").OnTable("tier_members").OnColumn("next_review_at").Ascending();

        // Append-only; the idempotency key makes a replay find the first entry instead of adding again.
        Create.Table("growth_entries")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("delta").AsInt64().NotNullable()
            .WithColumn("source_type").AsString(30).NotNullable()
            .WithColumn("source_id").AsString(100).NotNullable()
            .WithColumn("reason").AsString(200).Nullable()
            .WithColumn("idempotency_key").AsString(200).NotNullable()
            .WithColumn("growth_after").AsInt64().NotNullable()
            .WithColumn("level_after").AsInt32().NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable();
        Create.Index("ux_growth_entries_key").OnTable("growth_entries")
            .OnColumn("member_id").Ascending().OnColumn("idempotency_key").Ascending().WithOptions().Unique();
        Create.Index("ix_growth_entries_member_time").OnTable("growth_entries")
            .OnColumn("member_id").Ascending().OnColumn("created_at").Ascending();

        Create.Table("tier_changes")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("from_level").AsInt32().NotNullable()
            .WithColumn("to_level").AsInt32().NotNullable()
            .WithColumn("reason").AsString(30).NotNullable()
            .WithColumn("note").AsString(200).Nullable()
            .WithColumn("at").AsInt64().NotNullable();
        Create.Index("ix_tier_changes_member").OnTable("tier_changes")
            .OnColumn("member_id").Ascending().OnColumn("at").Ascending();

        // One review per member per period: the primary key is the review's idempotency.
        Create.Table("tier_reviews")
            .WithColumn("member_id").AsString(40).PrimaryKey()
            .WithColumn("period_start").AsString(10).PrimaryKey()
            .WithColumn("outcome").AsString(20).NotNullable()
            .WithColumn("from_level").AsInt32().NotNullable()
            .WithColumn("to_level").AsInt32().NotNullable()
            .WithColumn("window_growth").AsInt64().NotNullable()
            .WithColumn("at").AsInt64().NotNullable();

        Create.Table("tier_birthday_grants")
            .WithColumn("member_id").AsString(40).PrimaryKey()
            .WithColumn("year").AsInt32().PrimaryKey()
            .WithColumn("level").AsInt32().NotNullable()
            .WithColumn("points").AsInt64().NotNullable()
            .WithColumn("at").AsInt64().NotNullable();

        // Publishing a tier updates this row first, so concurrent publishes check thresholds one after another.
        Create.Table("tier_publish_lock")
            .WithColumn("id").AsString(20).PrimaryKey()
            .WithColumn("version").AsInt64().NotNullable();
        Insert.IntoTable("tier_publish_lock").Row(new { id = "tiers", version = 0L });
    }

    public override void Down()
    {
        Delete.Table("tier_publish_lock");
        Delete.Table("tier_birthday_grants");
        Delete.Table("tier_reviews");
        Delete.Table("tier_changes");
        Delete.Table("growth_entries");
        Delete.Table("tier_members");
    }
}
