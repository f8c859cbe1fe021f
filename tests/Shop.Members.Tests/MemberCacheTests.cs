using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Members.Models;
using Shop.Members.Services;
using Shop.Testing;

namespace Shop.Members.Tests;

/// <summary>Member rows kept across requests on SQLite: never stale after an edit, and nothing kept on PostgreSQL.</summary>
public class MemberCacheTests
{
    private const string Me = "{ me { id displayName } }";
    private const string Update = "mutation($i: MemberUpdateInput!) { memberUpdate(input: $i) { member { displayName } errors { code } } }";

    private sealed class FakeConnections(DatabaseProvider provider) : IDbConnectionFactory
    {
        public DatabaseProvider Provider => provider;
        public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private static Member Row(string name) => new() { Id = "mbr_1", DisplayName = name, RegistrationChannel = "dev" };

    [Fact]
    public void A_row_read_before_a_change_is_never_served_after_it()
    {
        using var cache = new MemberCache(new FakeConnections(DatabaseProvider.Sqlite));

        var before = cache.Generation;
        cache.Keep(Row("old"), before);
        Assert.Equal("old", cache.Find("mbr_1")?.DisplayName);

        // A reader that read the row, then a committed edit, then the reader keeps what it read.
        var reading = cache.Generation;
        cache.Changed();
        cache.Keep(Row("old"), reading);
        Assert.Null(cache.Find("mbr_1"));

        cache.Keep(Row("new"), cache.Generation);
        Assert.Equal("new", cache.Find("mbr_1")?.DisplayName);
        Assert.Null(cache.Find("mbr_2"));
    }

    [Fact]
    public void On_postgres_nothing_is_kept()
    {
        using var cache = new MemberCache(new FakeConnections(DatabaseProvider.PostgreSQL));
        cache.Keep(Row("old"), cache.Generation);
        Assert.Null(cache.Find("mbr_1"));
    }

    private static async Task<string> NameAsync(ShopAppFactory app, string token) =>
        (await app.StorefrontAsync(Me, token: token)).Data!["me"]!["displayName"]!.GetValue<string>();

    private static async Task<string> IdAsync(ShopAppFactory app, string token) =>
        (await app.StorefrontAsync(Me, token: token)).Data!["me"]!["id"]!.GetValue<string>();

    private static async Task RenameBehindTheServiceAsync(ShopAppFactory app, string id, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DbSession>()
            .ExecuteAsync("UPDATE members SET display_name = @name WHERE id = @id", new { id, name });
    }

    [Fact]
    public async Task Me_shows_each_staff_edit_as_soon_as_it_returns_while_others_read_the_member()
    {
        using var app = new ShopAppFactory();
        var token = await app.LoginAsync("13800001111");
        var id = await IdAsync(app, token);

        for (var round = 0; round < 8; round++)
        {
            using var stop = new CancellationTokenSource();
            var readers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested) await NameAsync(app, token);
            })).ToArray();
            var name = $"改名{round}";
            var updated = await app.AdminAsync(Update, new { i = new { id, displayName = name } });
            Assert.Equal(name, updated.Data!["memberUpdate"]!["member"]!["displayName"]!.GetValue<string>());
            Assert.Equal(name, await NameAsync(app, token));
            await stop.CancelAsync();
            await Task.WhenAll(readers);
            Assert.Equal(name, await NameAsync(app, token));
        }
    }

    [SqliteFact]
    public async Task On_sqlite_a_member_row_is_kept_across_requests_until_a_member_write()
    {
        using var app = new ShopAppFactory();
        var token = await app.LoginAsync("13800002222");
        var other = await IdAsync(app, await app.LoginAsync("13800003333"));
        var id = await IdAsync(app, token);
        var first = await NameAsync(app, token);

        // Only writes through MemberService reach the cache: a change made around it is not seen...
        await RenameBehindTheServiceAsync(app, id, "旁路");
        Assert.Equal(first, await NameAsync(app, token));

        // ...until any member edit moves the generation on and every kept row is read again.
        await app.AdminAsync(Update, new { i = new { id = other, city = "杭州" } });
        Assert.Equal("旁路", await NameAsync(app, token));
    }

    [PostgresFact]
    public async Task On_postgres_every_request_reads_the_row()
    {
        using var app = new ShopAppFactory();
        var token = await app.LoginAsync("13800004444");
        var id = await IdAsync(app, token);

        await RenameBehindTheServiceAsync(app, id, "旁路");

        Assert.Equal("旁路", await NameAsync(app, token));
    }
}
