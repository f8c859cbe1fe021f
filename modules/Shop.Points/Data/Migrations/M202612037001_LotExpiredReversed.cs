using FluentMigrator;

namespace Shop.Points.Data.Migrations;

/// <summary>
/// Of the points an order's lot lost to expiry, how many its refunds have since reversed. Those
/// points already left the balance with the expire entry, so a refund must not claw them back
/// again, and over several partial refunds each expired point may excuse only one of them.
/// </summary>
[Migration(202612037001, "points: lots count the expired points refunds reversed")]
public sealed class M202612037001_LotExpiredReversed : Migration
{
    public override void Up() =>
        Alter.Table("points_lots").AddColumn("expired_reversed").AsInt64().NotNullable().WithDefaultValue(0);

    public override void Down() => Delete.Column("expired_reversed").FromTable("points_lots");
}
