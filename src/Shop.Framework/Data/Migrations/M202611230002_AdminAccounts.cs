using FluentMigrator;

namespace Shop.Framework.Data.Migrations;

/// <summary>Merchant staff accounts, roles with their permissions, and server API keys.</summary>
[Migration(202611230002, "framework: admin users, roles, api keys")]
public sealed class M202611230002_AdminAccounts : Migration
{
    public override void Up()
    {
        Create.Table("admin_users")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("email").AsString(256).NotNullable()
            .WithColumn("normalized_email").AsString(256).NotNullable().Unique("ux_admin_users_email")
            .WithColumn("display_name").AsString(100).NotNullable()
            .WithColumn("password_hash").AsString(500).Nullable()
            .WithColumn("security_stamp").AsString(100).NotNullable()
            .WithColumn("access_failed_count").AsInt32().NotNullable().WithDefaultValue(0)
            .WithColumn("lockout_end").AsInt64().Nullable()
            .WithColumn("created_at").AsInt64().NotNullable();

        Create.Table("admin_roles")
            .WithColumn("name").AsString(64).PrimaryKey()
            .WithColumn("permissions").AsString(int.MaxValue).NotNullable();

        Create.Table("admin_user_roles")
            .WithColumn("user_id").AsString(40).NotNullable().PrimaryKey()
            .WithColumn("role").AsString(64).NotNullable().PrimaryKey();

        Create.Table("api_keys")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("name").AsString(100).NotNullable()
            .WithColumn("key_hash").AsString(64).NotNullable().Unique("ux_api_keys_hash")
            .WithColumn("prefix").AsString(16).NotNullable()
            .WithColumn("role").AsString(64).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("revoked_at").AsInt64().Nullable();
    }

    public override void Down()
    {
        Delete.Table("api_keys");
        Delete.Table("admin_user_roles");
        Delete.Table("admin_roles");
        Delete.Table("admin_users");
    }
}
