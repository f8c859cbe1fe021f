using FluentMigrator;

namespace Shop.Members.Data.Migrations;

/// <summary>
/// Orders as the commerce system reported them. Order and refund ids are the commerce system's
/// own, so they are the idempotency keys: the primary keys make every call safe to repeat.
/// </summary>
[Migration(202611231002, "members: orders intake")]
public sealed class M202611231002_Orders : Migration
{
    public override void Up()
    {
        Create.Table("orders")
            .WithColumn("order_id").AsString(64).PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("status").AsString(16).NotNullable()
            .WithColumn("lines").AsString(int.MaxValue).NotNullable()
            .WithColumn("goods_fen").AsInt64().NotNullable()
            .WithColumn("shipping_fee_fen").AsInt64().NotNullable()
            .WithColumn("points_used").AsInt64().NotNullable()
            .WithColumn("coupon_ids").AsString(int.MaxValue).NotNullable()
            .WithColumn("referrer_code").AsString(64).Nullable()
            .WithColumn("group_buy_slot_id").AsString(64).Nullable()
            .WithColumn("placed_at").AsInt64().NotNullable()
            .WithColumn("paid_at").AsInt64().Nullable()
            .WithColumn("cancelled_at").AsInt64().Nullable();
        Create.Index("ix_orders_member").OnTable("orders").OnColumn("member_id").Ascending().OnColumn("placed_at").Descending();

        // What has been refunded per line so far. Over-refunding is stopped by a guarded update on
        // these rows, so two refunds racing on one line cannot together exceed what was paid.
        Create.Table("order_line_refunds")
            .WithColumn("order_id").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("line_id").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("paid_fen").AsInt64().NotNullable()
            .WithColumn("quantity").AsInt32().NotNullable()
            .WithColumn("refunded_fen").AsInt64().NotNullable()
            .WithColumn("refunded_quantity").AsInt32().NotNullable();

        Create.Table("order_refunds")
            .WithColumn("refund_id").AsString(64).PrimaryKey()
            .WithColumn("order_id").AsString(64).NotNullable()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("lines").AsString(int.MaxValue).NotNullable()
            .WithColumn("amount_fen").AsInt64().NotNullable()
            .WithColumn("refunded_at").AsInt64().NotNullable();
        Create.Index("ix_order_refunds_order").OnTable("order_refunds").OnColumn("order_id").Ascending();
    }

    public override void Down()
    {
        Delete.Table("order_refunds");
        Delete.Table("order_line_refunds");
        Delete.Table("orders");
    }
}
