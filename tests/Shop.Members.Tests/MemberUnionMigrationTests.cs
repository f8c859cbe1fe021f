using Microsoft.Extensions.Logging.Abstractions;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Members.Tests;

/// <summary>Upgrading a database whose identities kept union ids only on member_identities.</summary>
public class MemberUnionMigrationTests
{
    [Fact]
    public async Task Existing_union_ids_are_claimed_by_the_member_of_their_first_identity()
    {
        using var database = new TestDatabase();
        var options = new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString };
        var migrator = new ShopMigrator(options, [typeof(ShopMigrator).Assembly, typeof(Startup).Assembly], NullLoggerFactory.Instance);
        IDbConnectionFactory factory = database.Provider == DatabaseProvider.PostgreSQL
            ? new PostgresConnectionFactory(options) : new SqliteConnectionFactory(options);
        try
        {
            migrator.MigrateUp(202611231002);
            await using (var db = new DbSession(factory))
                // Two members that an earlier race gave the same union id, the first identity being mbr_a's.
                await db.ExecuteAsync(
                    "INSERT INTO member_identities (provider, subject, union_id, member_id, created_at) VALUES " +
                    "('miniprogram', 'openid-2', 'union-1', 'mbr_b', 20), ('miniprogram', 'openid-1', 'union-1', 'mbr_a', 10), " +
                    "('miniprogram', 'openid-3', 'union-2', 'mbr_c', 30), ('dev', '13800000000', NULL, 'mbr_d', 40)");
            migrator.MigrateUp();

            await using var after = new DbSession(factory);
            var claims = (await after.QueryAsync<(string UnionId, string MemberId)>(
                "SELECT union_id, member_id FROM member_unions ORDER BY union_id")).ToList();
            Assert.Equal([("union-1", "mbr_a"), ("union-2", "mbr_c")], claims);
        }
        finally
        {
            if (factory is IAsyncDisposable a) await a.DisposeAsync();
            else (factory as IDisposable)?.Dispose();
        }
    }
}
