using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shop.Framework.GraphQL;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>Apollo APQ shape: a hash alone runs a known document; the allow-list refuses the rest.</summary>
public class PersistedQueryTests
{
    private const string Document = "query Me { me { id displayName } }";

    private static async Task<GraphQLResponse> SendAsync(ShopAppFactory app, string? query, string hash)
    {
        var body = new JsonObject
        {
            ["extensions"] = new JsonObject { ["persistedQuery"] = new JsonObject { ["version"] = 1, ["sha256Hash"] = hash } },
        };
        if (query is not null) body["query"] = query;
        using var response = await app.CreateClient().PostAsJsonAsync("/graphql", body);
        return await GraphQLResponse.ReadAsync(response);
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
}
