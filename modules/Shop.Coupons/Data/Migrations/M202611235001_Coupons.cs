using FluentMigrator;

namespace Shop.Coupons.Data.Migrations;

[Migration(202611235001, "coupons: issued coupons, template stock and per-member counts")]
public sealed class M202611235001_Coupons : Migration
{
    public override void Up()
    {
        // One row per published template: "issued < total" is the guarded update that decides
        // who gets the last coupon, on SQLite and PostgreSQL alike.
        Create.Table("coupon_stock")
            .WithColumn("template_id").AsString(40).PrimaryKey()
            .WithColumn("total_quantity").AsInt64().NotNullable()
            .WithColumn("issued").AsInt64().NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();

        // How many coupons of a template a member has received; "issued < limit" guards the limit.
        Create.Table("coupon_member_counts")
            .WithColumn("template_id").AsString(40).NotNullable().PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable().PrimaryKey()
            .WithColumn("issued").AsInt64().NotNullable();

        Create.Table("coupons")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("code").AsString(20).NotNullable()
            .WithColumn("template_id").AsString(40).NotNullable()
            .WithColumn("template_version").AsString(40).NotNullable()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("title").AsString(60).NotNullable()
            .WithColumn("rules").AsString(20000).NotNullable()
            .WithColumn("channel").AsString(20).NotNullable()
            .WithColumn("source_id").AsString(100).Nullable()
            .WithColumn("status").AsString(10).NotNullable()
            .WithColumn("valid_from").AsInt64().NotNullable()
            .WithColumn("valid_until").AsInt64().NotNullable()
            .WithColumn("order_id").AsString(100).Nullable()
            .WithColumn("issued_at").AsInt64().NotNullable()
            .WithColumn("status_at").AsInt64().NotNullable()
            .WithColumn("void_reason").AsString(200).Nullable()
            .WithColumn("actor").AsString(200).Nullable()
            .WithColumn("idempotency_key").AsString(160).NotNullable();
        Create.Index("ux_coupons_code").OnTable("coupons").OnColumn("code").Ascending().WithOptions().Unique();
        Create.Index("ux_coupons_member_key").OnTable("coupons")
            .OnColumn("member_id").Ascending().OnColumn("idempotency_key").Ascending().WithOptions().Unique();
        Create.Index("ix_coupons_member_status").OnTable("coupons")
            .OnColumn("member_id").Ascending().OnColumn("status").Ascending().OnColumn("valid_until").Ascending();
        Create.Index("ix_coupons_template_status").OnTable("coupons").OnColumn("template_id").Ascending().OnColumn("status").Ascending();
        Create.Index("ix_coupons_status_until").OnTable("coupons").OnColumn("status").Ascending().OnColumn("valid_until").Ascending();
        Create.Index("ix_coupons_order").OnTable("coupons").OnColumn("order_id").Ascending();
    }

    public override void Down()
    {
        Delete.Table("coupons");
        Delete.Table("coupon_member_counts");
        Delete.Table("coupon_stock");
    }
}
