using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Points.Tests;

/// <summary>How the points tables are stored, where that is the database's business.</summary>
public class StorageTests(PointsFixture fixture) : IClassFixture<PointsFixture>
{
    [PostgresFact]
    public async Task Account_and_lot_pages_keep_room_for_updates_in_place()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();

        var options = (await db.QueryAsync<(string Table, string Options)>(
            "SELECT relname, array_to_string(reloptions, ',') FROM pg_class WHERE relname IN ('points_accounts', 'points_lots') AND relkind = 'r' AND relnamespace = current_schema()::regnamespace ORDER BY relname")).ToList();

        Assert.Equal([("points_accounts", "fillfactor=80"), ("points_lots", "fillfactor=80")], options);
    }
}
