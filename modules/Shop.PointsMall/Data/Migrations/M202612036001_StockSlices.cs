using FluentMigrator;

namespace Shop.PointsMall.Data.Migrations;

/// <summary>
/// A reward's stock moves from its listing row into eight rows (<c>StockSlices.Count</c> when this
/// was written; the number is fixed here so the migration stays what it was). With one
/// row, every redeemer of a hot reward queued on its lock; on PostgreSQL at 32 connections that
/// queue cost more CPU than the redemptions themselves. Existing stock is spread over the slices
/// and the units redeemed so far stay on slice 0: only the sums mean anything.
/// </summary>
[Migration(202612036001, "points mall: stock in slices, out of the listing row")]
public sealed class M202612036001_StockSlices : Migration
{
    private const int Slices = 8;

    public override void Up()
    {
        Create.Table("mall_reward_stock")
            .WithColumn("reward_id").AsString(40).PrimaryKey()
            .WithColumn("slice").AsInt32().PrimaryKey()
            .WithColumn("stock_left").AsInt64().NotNullable()
            .WithColumn("redeemed").AsInt64().NotNullable();
        // Integer division and % behave alike on both databases for these non-negative numbers.
        for (var slice = 0; slice < Slices; slice++)
        {
            Execute.Sql(
                "INSERT INTO mall_reward_stock (reward_id, slice, stock_left, redeemed) " +
                $"SELECT reward_id, {slice}, stock_left / {Slices} + CASE WHEN stock_left % {Slices} > {slice} THEN 1 ELSE 0 END, " +
                $"{(slice == 0 ? "redeemed" : "0")} FROM mall_rewards");
        }
        Delete.Column("stock_left").FromTable("mall_rewards");
        Delete.Column("redeemed").FromTable("mall_rewards");
    }

    public override void Down()
    {
        Alter.Table("mall_rewards").AddColumn("stock_left").AsInt64().NotNullable().WithDefaultValue(0)
            .AddColumn("redeemed").AsInt64().NotNullable().WithDefaultValue(0);
        Execute.Sql(
            "UPDATE mall_rewards SET stock_left = (SELECT COALESCE(SUM(s.stock_left), 0) FROM mall_reward_stock s WHERE s.reward_id = mall_rewards.reward_id), " +
            "redeemed = (SELECT COALESCE(SUM(s.redeemed), 0) FROM mall_reward_stock s WHERE s.reward_id = mall_rewards.reward_id)");
        Delete.Table("mall_reward_stock");
    }
}
