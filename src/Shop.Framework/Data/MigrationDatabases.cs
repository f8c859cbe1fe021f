namespace Shop.Framework.Data;

/// <summary>
/// Predicates for a migration step that only one database runs, as <c>IfDatabase(MigrationDatabases.IsPostgres)</c>.
/// FluentMigrator names the database by its processor, and the processor here is <c>Postgres15_0</c>
/// (type and aliases carry the version): <c>IfDatabase("Postgres")</c> matches nothing, silently.
/// </summary>
public static class MigrationDatabases
{
    public static bool IsPostgres(string databaseType) => databaseType.StartsWith("Postgres", StringComparison.OrdinalIgnoreCase);
}
