using FluentMigrator;

namespace Shop.Framework.Data.Migrations;

/// <summary>Tables the framework itself owns: content, background task leases, persisted queries.</summary>
[Migration(202611230001, "framework: content items, task leases, persisted queries")]
public sealed class M202611230001_FrameworkTables : Migration
{
    public override void Up()
    {
        // Every version of every content item is a row; `latest` marks the editable head and
        // `published` the version storefronts see. Data is the model's JSON.
        Create.Table("content_items")
            .WithColumn("version_id").AsString(40).PrimaryKey()
            .WithColumn("item_id").AsString(40).NotNullable()
            .WithColumn("content_type").AsString(64).NotNullable()
            .WithColumn("version").AsInt32().NotNullable()
            .WithColumn("latest").AsBoolean().NotNullable()
            .WithColumn("published").AsBoolean().NotNullable()
            .WithColumn("archived").AsBoolean().NotNullable()
            .WithColumn("display_text").AsString(200).NotNullable()
            .WithColumn("data").AsString(int.MaxValue).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("modified_at").AsInt64().NotNullable()
            .WithColumn("published_at").AsInt64().Nullable()
            .WithColumn("author").AsString(200).NotNullable();
        Create.Index("ux_content_items_item_version").OnTable("content_items")
            .OnColumn("item_id").Ascending().OnColumn("version").Ascending().WithOptions().Unique();
        Create.Index("ix_content_items_type_latest").OnTable("content_items")
            .OnColumn("content_type").Ascending().OnColumn("latest").Ascending().OnColumn("item_id").Ascending();
        Create.Index("ix_content_items_type_published").OnTable("content_items")
            .OnColumn("content_type").Ascending().OnColumn("published").Ascending().OnColumn("item_id").Ascending();

        Create.Table("background_tasks")
            .WithColumn("name").AsString(100).PrimaryKey()
            .WithColumn("lease_owner").AsString(100).Nullable()
            .WithColumn("lease_until").AsInt64().Nullable()
            .WithColumn("next_run_at").AsInt64().NotNullable()
            .WithColumn("last_run_at").AsInt64().Nullable()
            .WithColumn("last_duration_ms").AsInt64().Nullable()
            .WithColumn("last_error").AsString(2000).Nullable()
            .WithColumn("run_count").AsInt64().NotNullable().WithDefaultValue(0);

        Create.Table("graphql_persisted_queries")
            .WithColumn("hash").AsString(64).PrimaryKey()
            .WithColumn("document").AsString(int.MaxValue).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("graphql_persisted_queries");
        Delete.Table("background_tasks");
        Delete.Table("content_items");
    }
}
