using FluentMigrator;

namespace Shop.Members.Data.Migrations;

/// <summary>
/// One member per WeChat union id: the primary key decides which of two concurrent first logins
/// sharing a union id owns it (the loser joins that member). Existing identities are backfilled;
/// where earlier races left several members with one union id, the first identity's member keeps it.
/// </summary>
[Migration(202612038401, "members: union id claims")]
public sealed class M202612038401_MemberUnions : Migration
{
    public override void Up()
    {
        Create.Table("member_unions")
            .WithColumn("union_id").AsString(128).PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable();
        Execute.Sql(
            "INSERT INTO member_unions (union_id, member_id) " +
            "SELECT union_id, member_id FROM (" +
            "SELECT union_id, member_id, ROW_NUMBER() OVER (PARTITION BY union_id ORDER BY created_at, provider, subject) AS n " +
            "FROM member_identities WHERE union_id IS NOT NULL) firsts WHERE n = 1");
    }

    public override void Down() => Delete.Table("member_unions");
}
