using FluentMigrator;

namespace Shop.Points.Data.Migrations;

/// <summary>
/// When an order's earn was processed. Line rows are also written when an order is placed with
/// points, and an order capped to nothing earns no entry, so neither says whether the earn ran;
/// a refund handled before it must wait for it instead of reversing nothing.
/// </summary>
[Migration(202612037002, "points: order lines record when the order's earn was processed")]
public sealed class M202612037002_OrderLinesEarnedAt : Migration
{
    public override void Up()
    {
        Alter.Table("points_order_lines").AddColumn("earned_at").AsInt64().Nullable();
        // Rows already there were written by earns, except those of orders still only placed
        // (their points reserved), whose earn is to come and will set it. 0: before this was recorded.
        Execute.Sql("UPDATE points_order_lines SET earned_at = 0 WHERE order_id NOT IN (SELECT order_id FROM points_orders WHERE state = 'reserved')");
    }

    public override void Down() => Delete.Column("earned_at").FromTable("points_order_lines");
}
