using FluentMigrator;

namespace Shop.PointsMall.Data.Migrations;

[Migration(202611236001, "points mall: reward listings and stock, member counts, code pool, redemptions, stock adjustments")]
public sealed class M202611236001_PointsMall : Migration
{
    public override void Up()
    {
        // One row per reward ever published: the published version's listing columns (what the
        // storefront filters and pages on) and the hot stock, changed only by guarded updates.
        Create.Table("mall_rewards")
            .WithColumn("reward_id").AsString(40).PrimaryKey()
            .WithColumn("version_id").AsString(40).NotNullable()
            .WithColumn("kind").AsString(10).NotNullable()
            .WithColumn("title").AsString(100).NotNullable()
            .WithColumn("description").AsString(2000).Nullable()
            .WithColumn("category").AsString(50).Nullable()
            .WithColumn("points_price").AsInt64().NotNullable()
            .WithColumn("available_from").AsInt64().Nullable()
            .WithColumn("available_until").AsInt64().Nullable()
            .WithColumn("listed").AsBoolean().NotNullable()
            .WithColumn("stock_left").AsInt64().NotNullable()
            .WithColumn("redeemed").AsInt64().NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();
        Create.Index("ix_mall_rewards_listed").OnTable("mall_rewards").OnColumn("listed").Ascending().OnColumn("reward_id").Ascending();

        // The idempotency key of an adjustment is unique per reward: a replay finds the first row.
        Create.Table("mall_stock_adjustments")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("reward_id").AsString(40).NotNullable()
            .WithColumn("delta").AsInt64().NotNullable()
            .WithColumn("stock_after").AsInt64().NotNullable()
            .WithColumn("reason").AsString(500).NotNullable()
            .WithColumn("actor").AsString(256).NotNullable()
            .WithColumn("idempotency_key").AsString(100).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable();
        Create.Index("ux_mall_stock_adjustments_key").OnTable("mall_stock_adjustments")
            .OnColumn("reward_id").Ascending().OnColumn("idempotency_key").Ascending().WithOptions().Unique();

        // Units a member redeemed of a reward: period "life", or a merchant-local day (yyyy-MM-dd).
        // Limits are enforced by the guarded upsert on these rows, never by counting redemptions.
        Create.Table("mall_member_counts")
            .WithColumn("reward_id").AsString(40).PrimaryKey()
            .WithColumn("member_id").AsString(40).PrimaryKey()
            .WithColumn("period").AsString(10).PrimaryKey()
            .WithColumn("redeemed").AsInt64().NotNullable();

        // Codes of virtual rewards; a code belongs to the redemption that claimed it with a guarded update.
        Create.Table("mall_codes")
            .WithColumn("reward_id").AsString(40).PrimaryKey()
            .WithColumn("code").AsString(200).PrimaryKey()
            .WithColumn("redemption_id").AsString(40).Nullable()
            .WithColumn("member_id").AsString(40).Nullable()
            .WithColumn("uploaded_at").AsInt64().NotNullable()
            .WithColumn("assigned_at").AsInt64().Nullable();
        Create.Index("ix_mall_codes_free").OnTable("mall_codes").OnColumn("reward_id").Ascending().OnColumn("redemption_id").Ascending();

        Create.Table("mall_redemptions")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("reward_id").AsString(40).NotNullable()
            .WithColumn("reward_version").AsString(40).NotNullable()
            .WithColumn("reward_title").AsString(100).NotNullable()
            .WithColumn("kind").AsString(10).NotNullable()
            .WithColumn("quantity").AsInt32().NotNullable()
            .WithColumn("points_spent").AsInt64().NotNullable()
            .WithColumn("cash_fen").AsInt64().NotNullable()
            .WithColumn("status").AsString(12).NotNullable()
            .WithColumn("local_day").AsString(10).NotNullable()
            .WithColumn("coupon_ids").AsString(int.MaxValue).Nullable()
            .WithColumn("codes").AsString(int.MaxValue).Nullable()
            .WithColumn("carrier").AsString(50).Nullable()
            .WithColumn("tracking_number").AsString(100).Nullable()
            .WithColumn("cancel_reason").AsString(500).Nullable()
            .WithColumn("cancel_key").AsString(100).Nullable()
            .WithColumn("idempotency_key").AsString(100).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable()
            .WithColumn("shipped_at").AsInt64().Nullable()
            .WithColumn("delivered_at").AsInt64().Nullable()
            .WithColumn("cancelled_at").AsInt64().Nullable();
        // Same key, same member: one redemption. The index decides concurrent replays.
        Create.Index("ux_mall_redemptions_member_key").OnTable("mall_redemptions")
            .OnColumn("member_id").Ascending().OnColumn("idempotency_key").Ascending().WithOptions().Unique();
        Create.Index("ix_mall_redemptions_member").OnTable("mall_redemptions").OnColumn("member_id").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_mall_redemptions_reward").OnTable("mall_redemptions").OnColumn("reward_id").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_mall_redemptions_status").OnTable("mall_redemptions").OnColumn("status").Ascending().OnColumn("id").Ascending();
    }

    public override void Down()
    {
        Delete.Table("mall_redemptions");
        Delete.Table("mall_codes");
        Delete.Table("mall_member_counts");
        Delete.Table("mall_stock_adjustments");
        Delete.Table("mall_rewards");
    }
}
