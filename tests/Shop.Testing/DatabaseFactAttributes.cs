using Xunit;
using Shop.Framework.Data;

namespace Shop.Testing;

/// <summary>A fact about SQLite itself; reported as skipped (not passed) on the PostgreSQL run.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.CurrentProvider != DatabaseProvider.Sqlite) Skip = "SQLite-only behaviour; this run is on PostgreSQL.";
    }
}

/// <summary>A fact about PostgreSQL's locking; reported as skipped (not passed) on the SQLite run.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.CurrentProvider != DatabaseProvider.PostgreSQL) Skip = "PostgreSQL-only behaviour; this run is on SQLite.";
    }
}

/// <summary><see cref="PostgresFactAttribute"/> for a theory.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (TestDatabase.CurrentProvider != DatabaseProvider.PostgreSQL) Skip = "PostgreSQL-only behaviour; this run is on SQLite.";
    }
}
