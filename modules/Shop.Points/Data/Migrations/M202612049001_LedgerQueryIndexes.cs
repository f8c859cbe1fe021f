using FluentMigrator;

namespace Shop.Points.Data.Migrations;

/// <summary>
/// The ledger's two filtered lookups get an index each that holds only the entries they look for,
/// in place of the member-kind-time index every entry was written into. The earn caps sum a
/// member's order earns by the day or month they count in, <c>COALESCE(counts_at, created_at)</c>,
/// which that index could not range over (it found all of the member's earns of every kind of
/// source, for all time); a spend's return looks for an earlier return of the same spend. Check-in
/// grants, spends and expiries, most of the ledger's rows, now go into neither index, so each is
/// one index write cheaper. Partial indexes match only a query that names the same constants, so
/// both queries write them into their text. The same statements run on SQLite and PostgreSQL.
/// </summary>
[Migration(202612049001, "points: partial indexes for the earn caps and spend returns instead of member-kind-time")]
public sealed class M202612049001_LedgerQueryIndexes : Migration
{
    public override void Up()
    {
        Delete.Index("ix_points_entries_kind_time").OnTable("points_entries");
        Execute.Sql("CREATE INDEX ix_points_entries_order_earns ON points_entries (member_id, COALESCE(counts_at, created_at)) " +
            "WHERE kind = 'earn' AND source_type = 'order'");
        Execute.Sql("CREATE INDEX ix_points_entries_spend_returns ON points_entries (member_id, source_id) " +
            "WHERE kind = 'reverse' AND source_type = 'spend.return'");
    }

    public override void Down()
    {
        Execute.Sql("DROP INDEX ix_points_entries_spend_returns");
        Execute.Sql("DROP INDEX ix_points_entries_order_earns");
        Create.Index("ix_points_entries_kind_time").OnTable("points_entries")
            .OnColumn("member_id").Ascending().OnColumn("kind").Ascending().OnColumn("created_at").Ascending();
    }
}
