using FluentMigrator;

namespace Shop.Framework.Data.Migrations;

/// <summary>
/// The indexing queue: one row per "this document changed", written in the changing
/// transaction, and a cursor per index that the worker advances after applying a batch.
/// </summary>
[Migration(202611230004, "framework: search indexing queue and cursors")]
public sealed class M202611230004_SearchQueue : Migration
{
    public override void Up()
    {
        Create.Table("search_tasks")
            .WithColumn("seq").AsInt64().PrimaryKey().Identity()
            .WithColumn("index_name").AsString(64).NotNullable()
            .WithColumn("document_id").AsString(64).NotNullable()
            .WithColumn("enqueued_at").AsInt64().NotNullable();
        Create.Index("ix_search_tasks_index_seq").OnTable("search_tasks")
            .OnColumn("index_name").Ascending().OnColumn("seq").Ascending();

        Create.Table("search_cursors")
            .WithColumn("index_name").AsString(64).PrimaryKey()
            .WithColumn("last_seq").AsInt64().NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("search_cursors");
        Delete.Table("search_tasks");
    }
}
