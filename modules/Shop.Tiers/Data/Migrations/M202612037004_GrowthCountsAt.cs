using FluentMigrator;

namespace Shop.Tiers.Data.Migrations;

/// <summary>
/// When an entry counts for review windows, where that is not when it was written: a refund's
/// reversal counts when its order's growth was earned, so a refund of an old order does not eat
/// into the growth the member earned in the window under review. Null: counts when written.
/// </summary>
[Migration(202612037004, "tiers: growth entries may count at another instant than their writing")]
public sealed class M202612037004_GrowthCountsAt : Migration
{
    public override void Up() => Alter.Table("growth_entries").AddColumn("counts_at").AsInt64().Nullable();

    public override void Down() => Delete.Column("counts_at").FromTable("growth_entries");
}
