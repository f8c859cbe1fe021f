using FluentMigrator;

namespace Shop.Tiers.Data.Migrations;

/// <summary>
/// A review's expiry entry records the window start it expired growth before, so a later refund
/// can tell whether its order's growth is still there to take back. Null on every other entry.
/// </summary>
[Migration(202612037003, "tiers: review expiries record the instant growth expired before")]
public sealed class M202612037003_GrowthExpiredBefore : Migration
{
    public override void Up() => Alter.Table("growth_entries").AddColumn("expired_before").AsInt64().Nullable();

    public override void Down() => Delete.Column("expired_before").FromTable("growth_entries");
}
