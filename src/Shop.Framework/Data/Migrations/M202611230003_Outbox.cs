using FluentMigrator;

namespace Shop.Framework.Data.Migrations;

/// <summary>The transactional outbox: domain events as rows, and one delivery row per handler.</summary>
[Migration(202611230003, "framework: outbox messages and deliveries")]
public sealed class M202611230003_Outbox : Migration
{
    public override void Up()
    {
        Create.Table("outbox_messages")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("event_name").AsString(100).NotNullable()
            .WithColumn("payload").AsString(int.MaxValue).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("next_attempt_at").AsInt64().NotNullable()
            .WithColumn("attempts").AsInt32().NotNullable()
            .WithColumn("last_error").AsString(2000).Nullable()
            .WithColumn("lease_owner").AsString(40).Nullable()
            .WithColumn("lease_until").AsInt64().Nullable()
            .WithColumn("processed_at").AsInt64().Nullable();
        Create.Index("ix_outbox_messages_due").OnTable("outbox_messages")
            .OnColumn("processed_at").Ascending().OnColumn("next_attempt_at").Ascending();

        Create.Table("outbox_deliveries")
            .WithColumn("message_id").AsString(40).NotNullable().PrimaryKey()
            .WithColumn("handler").AsString(200).NotNullable().PrimaryKey()
            .WithColumn("delivered_at").AsInt64().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("outbox_deliveries");
        Delete.Table("outbox_messages");
    }
}
