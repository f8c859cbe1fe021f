using FluentMigrator;

namespace Shop.Points.Data.Migrations;

[Migration(202611232001, "points: accounts, entries, lots, lot draws, order allocations")]
public sealed class M202611232001_PointsLedger : Migration
{
    public override void Up()
    {
        // The projection of the entries, changed only by guarded updates in the entry's transaction.
        Create.Table("points_accounts")
            .WithColumn("member_id").AsString(40).PrimaryKey()
            .WithColumn("balance").AsInt64().NotNullable()
            .WithColumn("pending").AsInt64().NotNullable()
            .WithColumn("reserved").AsInt64().NotNullable()
            .WithColumn("shortfall").AsInt64().NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();

        // Append-only. delta is the change of everything the member holds (balance + pending +
        // reserved); pending_delta and reserved_delta say how much of it sits in those buckets.
        Create.Table("points_entries")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("delta").AsInt64().NotNullable()
            .WithColumn("pending_delta").AsInt64().NotNullable()
            .WithColumn("reserved_delta").AsInt64().NotNullable()
            .WithColumn("shortfall").AsInt64().NotNullable()
            .WithColumn("kind").AsString(20).NotNullable()
            .WithColumn("source_type").AsString(40).NotNullable()
            .WithColumn("source_id").AsString(120).NotNullable()
            .WithColumn("rule_version_id").AsString(40).Nullable()
            .WithColumn("multiplier_percent").AsInt32().NotNullable()
            .WithColumn("reason").AsString(500).Nullable()
            .WithColumn("actor").AsString(200).Nullable()
            .WithColumn("idempotency_key").AsString(200).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable();
        // Keys are the caller's and scoped to the member: the same key from two members is two requests.
        Create.Index("ux_points_entries_key").OnTable("points_entries")
            .OnColumn("member_id").Ascending().OnColumn("idempotency_key").Ascending().WithOptions().Unique();
        Create.Index("ix_points_entries_history").OnTable("points_entries")
            .OnColumn("member_id").Ascending().OnColumn("created_at").Descending().OnColumn("id").Descending();
        Create.Index("ix_points_entries_kind_time").OnTable("points_entries")
            .OnColumn("member_id").Ascending().OnColumn("kind").Ascending().OnColumn("created_at").Ascending();

        Create.Table("points_lots")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("entry_id").AsString(40).NotNullable()
            .WithColumn("original").AsInt64().NotNullable()
            .WithColumn("remaining").AsInt64().NotNullable()
            .WithColumn("frozen_until").AsInt64().Nullable()
            .WithColumn("expires_at").AsInt64().Nullable()
            .WithColumn("state").AsString(10).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable();
        Create.Index("ix_points_lots_member").OnTable("points_lots")
            .OnColumn("member_id").Ascending().OnColumn("state").Ascending().OnColumn("expires_at").Ascending();
        Create.Index("ix_points_lots_due").OnTable("points_lots")
            .OnColumn("state").Ascending().OnColumn("expires_at").Ascending();
        Create.Index("ix_points_lots_frozen").OnTable("points_lots")
            .OnColumn("state").Ascending().OnColumn("frozen_until").Ascending();

        // Which entry moved how much in or out of which lot (negative = taken). A lot's remaining
        // is its original plus its draws; returns name the entry whose draw they undo.
        Create.Table("points_lot_draws")
            .WithColumn("id").AsString(40).PrimaryKey()
            .WithColumn("entry_id").AsString(40).NotNullable()
            .WithColumn("lot_id").AsString(40).NotNullable()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("amount").AsInt64().NotNullable()
            .WithColumn("against_entry_id").AsString(40).Nullable();
        Create.Index("ix_points_lot_draws_entry").OnTable("points_lot_draws").OnColumn("entry_id").Ascending();
        Create.Index("ix_points_lot_draws_against").OnTable("points_lot_draws").OnColumn("against_entry_id").Ascending();
        Create.Index("ix_points_lot_draws_lot").OnTable("points_lot_draws").OnColumn("lot_id").Ascending();

        Create.Table("points_orders")
            .WithColumn("order_id").AsString(100).PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("points_used").AsInt64().NotNullable()
            .WithColumn("deduction_fen").AsInt64().NotNullable()
            .WithColumn("state").AsString(10).NotNullable()
            .WithColumn("reserve_entry_id").AsString(40).Nullable()
            .WithColumn("created_at").AsInt64().NotNullable();
        Create.Index("ix_points_orders_member").OnTable("points_orders").OnColumn("member_id").Ascending().OnColumn("state").Ascending();

        // Per line: the points used on it (largest-remainder split) and the points it earned,
        // the bases of exact refund reversal.
        Create.Table("points_order_lines")
            .WithColumn("order_id").AsString(100).NotNullable().PrimaryKey()
            .WithColumn("line_id").AsString(100).NotNullable().PrimaryKey()
            .WithColumn("member_id").AsString(40).NotNullable()
            .WithColumn("amount_fen").AsInt64().NotNullable()
            .WithColumn("quantity").AsInt32().NotNullable()
            .WithColumn("points_used").AsInt64().NotNullable()
            .WithColumn("earned").AsInt64().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("points_order_lines");
        Delete.Table("points_orders");
        Delete.Table("points_lot_draws");
        Delete.Table("points_lots");
        Delete.Table("points_entries");
        Delete.Table("points_accounts");
    }
}
