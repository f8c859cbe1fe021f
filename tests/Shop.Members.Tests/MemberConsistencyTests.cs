using Shop.Testing;

namespace Shop.Members.Tests;

/// <summary>Races on first login and staff edits, clearing a birthday, and the literal name filter.</summary>
public class MemberConsistencyTests
{
    private const string Create = "mutation($i: MemberCreateInput!) { memberCreate(input: $i) { member { id } errors { code field } } }";
    private const string Update = "mutation($i: MemberUpdateInput!) { memberUpdate(input: $i) { member { id city gender birthday } errors { code field } } }";
    private const string Get = "query($id: ID!) { member(id: $id) { city gender birthday displayName } }";
    private const string Login = "mutation($c: String!) { login(input: {provider: \"miniprogram\", code: $c}) { member { id } errors { code } } }";

    private static async Task<string> CreateAsync(ShopAppFactory app, object input)
    {
        var created = await app.AdminAsync(Create, new { i = input });
        return created.Data!["memberCreate"]!["member"]!["id"]!.GetValue<string>();
    }

    private static async Task<(MiniProgramServer Server, ShopAppFactory App)> MiniProgramAppAsync()
    {
        var server = await MiniProgramServer.StartAsync();
        var app = new ShopAppFactory()
            .WithSetting("Shop:Members:MiniProgram:AppId", "wx-test-app")
            .WithSetting("Shop:Members:MiniProgram:AppSecret", "test-app-secret-value")
            .WithSetting("Shop:Members:MiniProgram:Endpoint", server.Url);
        return (server, app);
    }

    [Fact]
    public async Task Concurrent_first_mini_program_logins_sharing_a_union_id_make_one_member()
    {
        var (server, app) = await MiniProgramAppAsync();
        await using var _ = server;
        using var __ = app;
        var client = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            app.PostAsync("/graphql", Login, new { c = "ok-" + i }, null, client)));

        Assert.All(responses, r => Assert.Empty(r.Data!["login"]!["errors"]!.AsArray()));
        Assert.Single(responses.Select(r => r.Data!["login"]!["member"]!["id"]!.GetValue<string>()).Distinct());
    }

    [Fact]
    public async Task Two_first_logins_sharing_a_union_id_in_flight_together_make_one_member_on_postgres()
    {
        if (TestDatabase.CurrentProvider != Shop.Framework.Data.DatabaseProvider.PostgreSQL) return;
        var (server, app) = await MiniProgramAppAsync();
        await using var _ = server;
        using var __ = app;
        await app.StorefrontAsync("{ me { id } }"); // host started, schema migrated

        // Hold inserts into member_identities (reads still pass) so both logins are in flight at once.
        await using var blocker = new Npgsql.NpgsqlConnection(app.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var tx = await blocker.BeginTransactionAsync();
        await using (var lockCmd = new Npgsql.NpgsqlCommand("LOCK TABLE member_identities IN EXCLUSIVE MODE", blocker, tx)) await lockCmd.ExecuteNonQueryAsync();
        var a = app.StorefrontAsync(Login, new { c = "ok-A" });
        var b = app.StorefrontAsync(Login, new { c = "ok-B" });
        await Task.Delay(2000);
        await tx.RollbackAsync();
        var responses = await Task.WhenAll(a, b);

        Assert.All(responses, r => Assert.Empty(r.Data!["login"]!["errors"]!.AsArray()));
        Assert.Equal(responses[0].Data!["login"]!["member"]!["id"]!.GetValue<string>(), responses[1].Data!["login"]!["member"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_updates_of_different_fields_both_stick()
    {
        using var app = new ShopAppFactory();
        var lost = 0;
        for (var round = 0; round < 10; round++)
        {
            var id = await CreateAsync(app, new { displayName = "m" + round });
            await Task.WhenAll(
                app.AdminAsync(Update, new { i = new { id, city = "杭州" } }),
                app.AdminAsync(Update, new { i = new { id, gender = "male" } }));
            var m = (await app.AdminAsync(Get, new { id })).Data!["member"]!;
            if (m["city"] is null || m["gender"] is null) lost++;
        }
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task An_update_returns_the_member_as_stored_with_fields_it_did_not_name_left_alone()
    {
        using var app = new ShopAppFactory();
        var id = await CreateAsync(app, new { displayName = "老张", city = "上海", gender = "female", birthday = "1990-01-02" });

        var updated = await app.AdminAsync(Update, new { i = new { id, city = "" } });
        var stored = (await app.AdminAsync(Get, new { id })).Data!["member"]!;

        Assert.True(updated.Errors is null, updated.ToString());
        var member = updated.Data!["memberUpdate"]!["member"]!;
        Assert.Null(member["city"]);
        Assert.Equal("female", member["gender"]!.GetValue<string>());
        Assert.Equal("1990-01-02", member["birthday"]!.GetValue<string>());
        Assert.Null(stored["city"]);
        Assert.Equal("老张", stored["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_birthday_can_be_cleared_with_an_empty_string_like_the_other_fields()
    {
        using var app = new ShopAppFactory();
        var id = await CreateAsync(app, new { displayName = "b", birthday = "1990-01-02" });

        var cleared = await app.AdminAsync(Update, new { i = new { id, birthday = "" } });
        var inline = await app.AdminAsync($"mutation {{ memberUpdate(input: {{id: \"{id}\", birthday: \"\"}}) {{ member {{ birthday }} }} }}");
        var bad = await app.AdminAsync(Update, new { i = new { id, birthday = "1990-13-45" } });

        Assert.True(cleared.Errors is null, cleared.ToString());
        Assert.Null(cleared.Data!["memberUpdate"]!["member"]!["birthday"]);
        Assert.True(inline.Errors is null, inline.ToString());
        Assert.Null((await app.AdminAsync(Get, new { id })).Data!["member"]!["birthday"]);
        Assert.Equal("VALIDATION", bad.Data!["memberUpdate"]!["errors"]![0]!["code"]!.GetValue<string>()); // still must be a date
        Assert.Equal("birthday", bad.Data!["memberUpdate"]!["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_name_filter_is_a_substring_not_a_LIKE_pattern()
    {
        using var app = new ShopAppFactory();
        await CreateAsync(app, new { displayName = "Alice" });
        await CreateAsync(app, new { displayName = "Bob" });
        const string Count = "query($n: String) { members(filter: {name: $n}) { totalCount } }";

        async Task<int> CountAsync(string name) =>
            (await app.AdminAsync(Count, new { n = name })).Data!["members"]!["totalCount"]!.GetValue<int>();

        Assert.Equal(0, await CountAsync("%"));
        await CreateAsync(app, new { displayName = "50%_off\\x" });
        Assert.Equal(1, await CountAsync("%")); // only the name holding a %
        Assert.Equal(0, await CountAsync("a_i"));
        Assert.Equal(1, await CountAsync("%_off\\"));
        Assert.Equal(1, await CountAsync("ALI"));
    }
}
