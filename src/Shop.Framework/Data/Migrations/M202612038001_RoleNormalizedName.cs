using FluentMigrator;

namespace Shop.Framework.Data.Migrations;

/// <summary>
/// Role names are unique as Identity compares them (upper-cased), not only as typed: two staff saving
/// "Support" and "support" at the same moment must edit one role, which only a unique column can
/// promise. The key is computed in .NET (ToUpperInvariant) when a role is saved; rows from before
/// take the database's UPPER, which agrees for the ASCII names they could have been given.
/// </summary>
[Migration(202612038001, "framework: roles unique by their normalised name")]
public sealed class M202612038001_RoleNormalizedName : Migration
{
    public override void Up()
    {
        Alter.Table("admin_roles").AddColumn("normalized_name").AsString(64).Nullable();
        Execute.Sql("UPDATE admin_roles SET normalized_name = UPPER(name)");
        Create.Index("ux_admin_roles_normalized_name").OnTable("admin_roles").OnColumn("normalized_name").Unique();
    }

    public override void Down()
    {
        Delete.Index("ux_admin_roles_normalized_name").OnTable("admin_roles");
        Delete.Column("normalized_name").FromTable("admin_roles");
    }
}
