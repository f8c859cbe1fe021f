using FluentMigrator;
using Shop.Framework.Data;

namespace Shop.Points.Data.Migrations;

/// <summary>
/// On PostgreSQL, pages of the account and lot tables keep a fifth of their room free. Every spend
/// and grant updates a member's account row and a lot's remaining points, columns no index holds, so
/// the new row version can stay on its page (a HOT update) and no index changes, but only when the
/// page has room: on full pages (a bulk import, or rows filled one after another) each first update
/// moved the row and added an entry to every index of the table. In a redemption benchmark on
/// freshly seeded members, HOT updates of accounts went from 51% to 69% (63% with a tenth free) and
/// of lots from 44% to 57% (46%), for tables 15% larger. The setting applies to pages written from
/// now on. SQLite has no such setting; nothing runs there.
/// </summary>
[Migration(202612048001, "points: fillfactor 80 for accounts and lots (PostgreSQL)")]
public sealed class M202612048001_RoomForHotUpdates : Migration
{
    public override void Up() =>
        IfDatabase(MigrationDatabases.IsPostgres).Execute.Sql("ALTER TABLE points_accounts SET (fillfactor = 80); ALTER TABLE points_lots SET (fillfactor = 80);");

    public override void Down() =>
        IfDatabase(MigrationDatabases.IsPostgres).Execute.Sql("ALTER TABLE points_accounts RESET (fillfactor); ALTER TABLE points_lots RESET (fillfactor);");
}
