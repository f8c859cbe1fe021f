using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;

namespace Shop.Testing;

/// <summary>
/// How the database the tests run on would serve a query: for the tests that keep an index out of
/// (or in) a query's way. PostgreSQL plans prepared statements before a table has statistics, when
/// two indexes can look equally cheap; the schema, not the statistics, must decide those cases.
/// </summary>
public static class QueryPlans
{
    /// <summary>The first column of each index on <paramref name="table"/> (indexes that lead with an expression are left out).</summary>
    public static async Task<IReadOnlyList<string>> LeadingColumnsAsync(IServiceProvider services, string table) =>
        await InSessionAsync(services, async db => db.Provider == DatabaseProvider.PostgreSQL
            ? (await db.QueryAsync<string>(
                "SELECT a.attname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0] " +
                "WHERE t.relname = @table", new { table })).ToList()
            : (await db.QueryAsync<string>(
                "SELECT ii.name FROM pragma_index_list(@table) il, pragma_index_info(il.name) ii WHERE ii.seqno = 0 AND ii.name IS NOT NULL", new { table })).ToList());

    /// <summary>
    /// The plan of <paramref name="query"/> as text. On PostgreSQL sequential scans are switched off
    /// for it: a test table is small enough for one to be cheaper, and the question is which index can serve.
    /// </summary>
    public static async Task<string> PlanAsync(IServiceProvider services, string query) =>
        await InSessionAsync(services, async db =>
        {
            if (db.Provider == DatabaseProvider.Sqlite)
                return string.Join('\n', (await db.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>($"EXPLAIN QUERY PLAN {query}")).Select(r => r.Detail));
            return await db.InTransactionAsync(async () =>
            {
                await db.ExecuteAsync("SET LOCAL enable_seqscan = off");
                return string.Join('\n', await db.QueryAsync<string>($"EXPLAIN {query}"));
            });
        });

    private static async Task<T> InSessionAsync<T>(IServiceProvider services, Func<DbSession, Task<T>> read)
    {
        using var scope = services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<DbSession>());
    }
}
