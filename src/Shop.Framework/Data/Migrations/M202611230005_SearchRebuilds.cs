using FluentMigrator;

namespace Shop.Framework.Data.Migrations;

/// <summary>Rebuild progress per index, kept in the database so every node's admin shows it and a dead rebuild is recognised by its heartbeat.</summary>
[Migration(202611230005, "framework: search rebuild progress")]
public sealed class M202611230005_SearchRebuilds : Migration
{
    public override void Up()
    {
        Create.Table("search_rebuilds")
            .WithColumn("index_name").AsString(64).PrimaryKey()
            .WithColumn("state").AsString(16).NotNullable()
            .WithColumn("done").AsInt64().NotNullable()
            .WithColumn("total").AsInt64().NotNullable()
            .WithColumn("started_at").AsInt64().NotNullable()
            .WithColumn("heartbeat_at").AsInt64().NotNullable()
            .WithColumn("finished_at").AsInt64().Nullable()
            .WithColumn("error").AsString(2000).Nullable();
    }

    public override void Down() => Delete.Table("search_rebuilds");
}
