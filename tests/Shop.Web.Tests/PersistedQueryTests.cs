using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using System.Text.Json.Nodes;
using Shop.Framework.GraphQL;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>Apollo APQ shape: a hash alone runs a known document; the allow-list refuses the rest.</summary>
public class PersistedQueryTests
{
    private const string Document = "query Me { me { id displayName } }";

    private static async Task<GraphQLResponse> SendAsync(ShopAppFactory app, string? query, string hash, string path = "/graphql")
    {
        var body = new JsonObject
        {
            ["extensions"] = new JsonObject { ["persistedQuery"] = new JsonObject { ["version"] = 1, ["sha256Hash"] = hash } },
        };
        if (query is not null) body["query"] = query;
        var client = app.CreateClient();
        if (path.StartsWith("/admin", StringComparison.Ordinal))
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ShopAppFactory.ApiKey);
        using var response = await client.PostAsJsonAsync(path, body);
        return await GraphQLResponse.ReadAsync(response);
    }

    private static async Task<long> AllowListedAsync(ShopAppFactory app)
    {
        await using var session = new DbSession(app.Services.GetRequiredService<IDbConnectionFactory>());
        return await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM graphql_persisted_queries");
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("not-a-hash")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    public async Task A_hash_that_is_no_sha256_is_a_request_error_over_post_and_get(string escapedHash)
    {
        using var app = new ShopAppFactory();
        var hash = System.Text.RegularExpressions.Regex.Unescape(escapedHash);
        var extensions = Uri.EscapeDataString(new JsonObject { ["persistedQuery"] = new JsonObject { ["version"] = 1, ["sha256Hash"] = hash } }.ToJsonString());

        var alone = await SendAsync(app, null, hash);
        var withDocument = await SendAsync(app, Document, hash);
        var overGet = await GraphQLResponse.ReadAsync(await app.CreateClient().GetAsync($"/graphql?extensions={extensions}"));

        Assert.All([alone, withDocument, overGet], response =>
        {
            Assert.Equal(400, response.Status);
            Assert.Equal("PERSISTED_QUERY_HASH_INVALID", response.FirstErrorCode);
        });
        Assert.DoesNotContain(app.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Documents_sent_with_their_hash_are_remembered_by_the_node_never_added_to_the_allow_list()
    {
        using var app = new ShopAppFactory();
        var hash = PersistedQueryStore.Hash(Document);
        const string AdminDocument = "query Modules { modules { name } }";
        var adminHash = PersistedQueryStore.Hash(AdminDocument);

        var storefront = await SendAsync(app, Document, hash);
        var admin = await SendAsync(app, AdminDocument, adminHash, "/admin/graphql");
        var byHash = await SendAsync(app, null, hash);
        var adminByHash = await SendAsync(app, null, adminHash, "/admin/graphql");

        Assert.Null(storefront.Errors);
        Assert.Null(admin.Errors);
        Assert.Null(byHash.Errors);
        Assert.Null(adminByHash.Errors);
        Assert.Equal(0, await AllowListedAsync(app));
    }

    [Fact]
    public async Task A_document_that_fails_validation_is_not_remembered()
    {
        using var app = new ShopAppFactory();
        const string Invalid = "{ noSuchField }";
        var hash = PersistedQueryStore.Hash(Invalid);

        var sent = await SendAsync(app, Invalid, hash);
        var byHash = await SendAsync(app, null, hash);

        Assert.Equal(400, sent.Status);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", byHash.FirstErrorCode);
    }

    [Fact]
    public async Task In_allow_list_mode_a_document_sent_to_the_admin_endpoint_with_its_hash_is_not_allowed_on_the_storefront()
    {
        using var app = new ShopAppFactory().WithSetting("Shop:GraphQL:PersistedQueriesOnly", "true");
        const string Both = "query Name { __typename }"; // valid on both schemas: it runs on the admin endpoint
        var hash = PersistedQueryStore.Hash(Both);

        var throughAdmin = await SendAsync(app, Both, hash, "/admin/graphql");
        var byHash = await SendAsync(app, null, hash);
        var withDocument = await SendAsync(app, Both, hash);

        Assert.Null(throughAdmin.Errors);
        Assert.Equal(400, byHash.Status);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", byHash.FirstErrorCode);
        Assert.Equal("PERSISTED_QUERY_NOT_ALLOWED", withDocument.FirstErrorCode);
        Assert.Equal(0, await AllowListedAsync(app));
    }

    [Fact]
    public async Task An_unknown_hash_asks_for_the_document_then_the_hash_alone_works()
    {
        using var app = new ShopAppFactory();
        var hash = PersistedQueryStore.Hash(Document);

        var unknown = await SendAsync(app, null, hash);
        var registered = await SendAsync(app, Document, hash);
        var byHash = await SendAsync(app, null, hash);

        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", unknown.FirstErrorCode);
        Assert.Null(registered.Errors);
        Assert.Equal(200, byHash.Status);
        Assert.Null(byHash.Errors);
        Assert.NotNull(byHash.Data);
    }

    [Fact]
    public async Task A_hash_that_does_not_match_the_document_is_refused()
    {
        using var app = new ShopAppFactory();
        var response = await SendAsync(app, Document, new string('0', 64));

        Assert.Equal(400, response.Status);
        Assert.Equal("PERSISTED_QUERY_HASH_MISMATCH", response.FirstErrorCode);
    }

    [Fact]
    public async Task Allow_list_mode_runs_only_documents_registered_by_staff()
    {
        using var app = new ShopAppFactory().WithSetting("Shop:GraphQL:PersistedQueriesOnly", "true");
        var hash = PersistedQueryStore.Hash(Document);

        var adHoc = await app.StorefrontAsync(Document);
        var selfRegistered = await SendAsync(app, Document, hash);
        var register = await app.AdminAsync(
            "mutation($d: [String!]!) { persistedQueriesRegister(input: {documents: $d}) { hashes } }", new { d = new[] { Document } });
        var allowed = await SendAsync(app, null, hash);

        Assert.Equal(400, adHoc.Status);
        Assert.Equal("PERSISTED_QUERY_REQUIRED", adHoc.FirstErrorCode);
        Assert.Equal("PERSISTED_QUERY_NOT_ALLOWED", selfRegistered.FirstErrorCode);
        Assert.Equal(hash, register.Data!["persistedQueriesRegister"]!["hashes"]![0]!.GetValue<string>());
        Assert.Equal(200, allowed.Status);
        Assert.Null(allowed.Errors);
    }

    [Fact]
    public async Task Introspection_can_be_switched_off()
    {
        using var app = new ShopAppFactory().WithSetting("Shop:GraphQL:Introspection", "false");

        var introspection = await app.StorefrontAsync("{ __schema { queryType { name } } }");
        using var sdl = await app.CreateClient().GetAsync("/graphql/schema.graphql");

        Assert.Equal(400, introspection.Status);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, sdl.StatusCode);
    }

    private const string Register = "mutation($d: [String!]!) { persistedQueriesRegister(input: {documents: $d}) { hashes } }";
    private const string Remove = "mutation($h: [String!]!) { persistedQueriesRemove(input: {hashes: $h}) { removed errors { code field } } }";
    private const string List = "query($after: String) { persistedQueries(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { hash document createdAt } } } }";

    [Fact]
    public async Task Staff_page_through_the_allow_list_and_remove_documents_which_then_stop_running()
    {
        using var app = new ShopAppFactory().WithSetting("Shop:GraphQL:PersistedQueriesOnly", "true");
        string[] documents = [Document, "query Tiers { tiers { level } }", "query Name { __typename }"];
        var hashes = documents.Select(PersistedQueryStore.Hash).ToArray();
        await app.AdminAsync(Register, new { d = documents });
        var viewer = await StaffKeys.WithAsync(app, "Viewer Only", "Members.View");

        var first = await app.AdminAsync(List, new { after = (string?)null });
        var second = await app.AdminAsync(List, new { after = first.Data!["persistedQueries"]!["pageInfo"]!["endCursor"]!.GetValue<string>() });
        var removed = await app.AdminAsync(Remove, new { h = new[] { hashes[0], new string('a', 64) } });
        var gone = await SendAsync(app, null, hashes[0]);
        var kept = await SendAsync(app, null, hashes[2]);
        var invalid = await app.AdminAsync(Remove, new { h = new[] { hashes[1], "NOT-A-HASH" } });
        var refused = await app.AdminAsync(Remove, new { h = new[] { hashes[1] } }, viewer);
        var after = await app.AdminAsync("{ persistedQueries { totalCount edges { node { hash } } } }");

        Assert.Equal(3, first.Data!["persistedQueries"]!["totalCount"]!.GetValue<int>());
        Assert.True(first.Data["persistedQueries"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.False(second.Data!["persistedQueries"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        var listed = first.Data["persistedQueries"]!["edges"]!.AsArray().Concat(second.Data["persistedQueries"]!["edges"]!.AsArray())
            .Select(e => (e!["node"]!["hash"]!.GetValue<string>(), e["node"]!["document"]!.GetValue<string>())).ToList();
        Assert.Equal(hashes.Zip(documents).OrderBy(p => p.First, StringComparer.Ordinal).ToList(), listed);
        Assert.Equal([hashes[0]], removed.Data!["persistedQueriesRemove"]!["removed"]!.AsArray().Select(h => h!.GetValue<string>()));
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", gone.FirstErrorCode);
        Assert.Null(kept.Errors);
        Assert.Equal("VALIDATION", invalid.Data!["persistedQueriesRemove"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("hashes[1]", invalid.Data["persistedQueriesRemove"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(403, refused.Status);
        Assert.Equal(hashes.Skip(1).Order(StringComparer.Ordinal), after.Data!["persistedQueries"]!["edges"]!.AsArray().Select(e => e!["node"]!["hash"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Another_node_stops_running_a_removed_document_once_its_copy_is_a_minute_old()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        using var app = new ShopAppFactory().WithServices(s => s.AddSingleton<TimeProvider>(clock));
        var hash = PersistedQueryStore.Hash(Document);
        await app.AdminAsync(Register, new { d = new[] { Document } });
        using var otherNode = new PersistedQueryStore(app.Services.GetRequiredService<IDbConnectionFactory>(), clock);

        var before = await otherNode.AllowedAsync(hash);
        await app.AdminAsync(Remove, new { h = new[] { hash } });
        var withinTheMinute = await otherNode.AllowedAsync(hash);
        clock.Advance(PersistedQueryStore.AllowListRecheck);
        var afterTheMinute = await otherNode.AllowedAsync(hash);

        Assert.Equal(Document, before);
        Assert.Equal(Document, withinTheMinute);
        Assert.Null(afterTheMinute);
    }
}
