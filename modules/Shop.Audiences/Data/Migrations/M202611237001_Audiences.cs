using FluentMigrator;

namespace Shop.Audiences.Data.Migrations;

[Migration(202611237001, "audiences: member tags, RFM scores, audience snapshots and jobs")]
public sealed class M202611237001_Audiences : Migration
{
    public override void Up()
    {
        // Which member holds which tag; source says who put it there (staff, or a rule).
        Create.Table("member_tags")
            .WithColumn("member_id").AsString(40).NotNullable().PrimaryKey()
            .WithColumn("tag").AsString(40).NotNullable().PrimaryKey()
            .WithColumn("source").AsString(10).NotNullable()
            .WithColumn("added_at").AsInt64().NotNullable()
            .WithColumn("added_by").AsString(200).NotNullable();
        Create.Index("ix_member_tags_tag").OnTable("member_tags").OnColumn("tag").Ascending().OnColumn("member_id").Ascending();

        Create.Table("member_rfm")
            .WithColumn("member_id").AsString(40).PrimaryKey()
            .WithColumn("recency_days").AsInt64().NotNullable()
            .WithColumn("frequency").AsInt64().NotNullable()
            .WithColumn("monetary_fen").AsInt64().NotNullable()
            .WithColumn("r").AsInt32().NotNullable()
            .WithColumn("f").AsInt32().NotNullable()
            .WithColumn("m").AsInt32().NotNullable()
            .WithColumn("segment").AsString(30).NotNullable()
            .WithColumn("computed_at").AsInt64().NotNullable();

        // The members of a snapshot audience, frozen by its snapshot job.
        Create.Table("audience_snapshots")
            .WithColumn("audience_id").AsString(40).NotNullable().PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable().PrimaryKey();

        // Long work over an audience (snapshots, coupon pushes), resumable: the cursor is the
        // last processed hit's sort values, written after each batch.
        Create.Table("audience_jobs")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("kind").AsString(20).NotNullable()
            .WithColumn("audience_id").AsString(40).NotNullable()
            .WithColumn("audience_version").AsString(40).NotNullable()
            .WithColumn("template_id").AsString(40).Nullable()
            .WithColumn("idempotency_key").AsString(100).NotNullable()
            .WithColumn("state").AsString(10).NotNullable()
            .WithColumn("cursor").AsString(1000).Nullable()
            .WithColumn("total").AsInt64().NotNullable()
            .WithColumn("processed").AsInt64().NotNullable()
            .WithColumn("succeeded").AsInt64().NotNullable()
            .WithColumn("failed").AsInt64().NotNullable()
            .WithColumn("error").AsString(1000).Nullable()
            .WithColumn("attempts").AsInt32().NotNullable()
            .WithColumn("actor").AsString(200).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable()
            .WithColumn("finished_at").AsInt64().Nullable();
        Create.Index("ux_audience_jobs_key").OnTable("audience_jobs").OnColumn("kind").Ascending().OnColumn("idempotency_key").Ascending().WithOptions().Unique();
        Create.Index("ix_audience_jobs_state").OnTable("audience_jobs").OnColumn("state").Ascending();
    }

    public override void Down()
    {
        Delete.Table("audience_jobs");
        Delete.Table("audience_snapshots");
        Delete.Table("member_rfm");
        Delete.Table("member_tags");
    }
}
