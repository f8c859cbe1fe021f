using Shop.Framework.Data;

namespace Shop.Framework.Tests;

public class MigrationDatabasesTests
{
    [Theory]
    [InlineData("Postgres15_0", true)]
    [InlineData("PostgreSQL15_0", true)]
    [InlineData("Postgres", true)]
    [InlineData("SQLite", false)]
    [InlineData("SqlServer2016", false)]
    public void PostgreSQL_is_recognised_by_any_of_its_processor_names(string databaseType, bool postgres) =>
        Assert.Equal(postgres, MigrationDatabases.IsPostgres(databaseType));
}
