using FluentMigrator;

namespace Shop.Members.Data.Migrations;

[Migration(202611231001, "members: members and identities")]
public sealed class M202611231001_Members : Migration
{
    public override void Up()
    {
        Create.Table("members")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("display_name").AsString(100).NotNullable()
            .WithColumn("phone").AsString(20).Nullable()
            .WithColumn("birthday").AsString(10).Nullable()
            .WithColumn("gender").AsString(10).Nullable()
            .WithColumn("city").AsString(50).Nullable()
            .WithColumn("registration_channel").AsString(30).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();
        // NULLs are distinct in a unique index on both databases, so members without a phone coexist.
        Create.Index("ux_members_phone").OnTable("members").OnColumn("phone").Ascending().WithOptions().Unique();
        Create.Index("ix_members_channel").OnTable("members").OnColumn("registration_channel").Ascending().OnColumn("id").Descending();

        Create.Table("member_identities")
            .WithColumn("provider").AsString(30).NotNullable().PrimaryKey()
            .WithColumn("subject").AsString(128).NotNullable().PrimaryKey()
            .WithColumn("union_id").AsString(128).Nullable()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable();
        Create.Index("ix_member_identities_member").OnTable("member_identities").OnColumn("member_id").Ascending();
        Create.Index("ix_member_identities_union").OnTable("member_identities").OnColumn("union_id").Ascending();
    }

    public override void Down()
    {
        Delete.Table("member_identities");
        Delete.Table("members");
    }
}
