using System.Net;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>
/// Text with a NUL (U+0000) cannot be stored or even compared on PostgreSQL; every way in refuses
/// it with a 400 before a resolver, page or service sees it.
/// </summary>
public class StorableInputTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private readonly ShopAppFactory _app = fixture.App;

    [Fact]
    public async Task A_string_variable_with_a_nul_is_refused_and_nothing_is_written()
    {
        var response = await _app.AdminAsync(
            "mutation($name: String!) { memberCreate(input: {displayName: $name}) { member { id } errors { code } } }", new { name = "Null\u0000Byte" });

        Assert.Equal(400, response.Status);
        Assert.Null(response.Data);
        Assert.Contains("$name", response.Errors![0]!["message"]!.GetValue<string>());
        var members = await _app.AdminAsync("{ members(first: 100) { edges { node { displayName } } } }");
        Assert.DoesNotContain(members.Data!["members"]!["edges"]!.AsArray(), e => e!["node"]!["displayName"]!.GetValue<string>().StartsWith("Null"));
    }

    [Fact]
    public async Task A_string_or_id_literal_with_a_nul_escape_is_refused()
    {
        var text = await _app.AdminAsync("mutation { memberCreate(input: {displayName: \"A\\u0000B\"}) { member { id } } }");
        var id = await _app.AdminAsync("{ member(id: \"mem\\u0000\") { id } }");
        var idVariable = await _app.AdminAsync("query($id: ID!) { member(id: $id) { id } }", new { id = "mem\u0000" });

        Assert.All(new[] { text, id, idVariable }, r => Assert.Equal(400, r.Status));
    }

    [Fact]
    public async Task An_id_sent_as_an_integer_reaches_resolvers_as_its_text()
    {
        var created = await _app.AdminAsync("mutation { memberCreate(input: {displayName: \"Integer Id\"}) { member { id } } }");
        var id = created.Data!["memberCreate"]!["member"]!["id"]!.GetValue<string>();

        var literal = await _app.AdminAsync("mutation { memberUpdate(input: {id: 123, city: \"杭州\"}) { member { id } errors { code field } } }");
        var variable = await _app.AdminAsync("query($id: ID!) { member(id: $id) { id } }", new { id = 123 });
        var asText = await _app.AdminAsync("query($id: ID!) { member(id: $id) { id } }", new { id });

        Assert.Equal(200, literal.Status);
        Assert.Equal("NOT_FOUND", literal.Data!["memberUpdate"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(200, variable.Status);
        Assert.Null(variable.Errors);
        Assert.Null(variable.Data!["member"]);
        Assert.Equal(id, asText.Data!["member"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ordinary_text_still_passes_the_same_scalars()
    {
        var response = await _app.AdminAsync(
            "mutation($name: String!) { memberCreate(input: {displayName: $name}) { member { id displayName } errors { code } } }", new { name = "张三 'quoted' \t tab" });

        Assert.Equal(200, response.Status);
        Assert.Equal("张三 'quoted' \t tab", response.Data!["memberCreate"]!["member"]!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_graphql_get_with_a_nul_gets_a_graphql_error()
    {
        var client = _app.CreateClient();

        var inDocument = await GraphQLResponse.ReadAsync(await client.GetAsync("/graphql?query=%7B%20rewards%20%7B%20totalCount%20%7D%20%7D%00"));
        var inVariable = await GraphQLResponse.ReadAsync(await client.GetAsync(
            "/graphql?query=" + Uri.EscapeDataString("query($id: ID!) { reward(id: $id) { id } }") + "&variables=" + Uri.EscapeDataString("{\"id\":\"ci\\u0000\"}")));

        Assert.All(new[] { inDocument, inVariable }, r =>
        {
            Assert.Equal(400, r.Status);
            Assert.NotNull(r.Errors);
        });
    }

    [Fact]
    public async Task Admin_pages_refuse_a_nul_in_the_query_string_or_a_form()
    {
        var client = _app.AdminClient();

        var query = await client.GetAsync("/admin/members?name=a%00b");
        var form = await client.PostFormAsync("/admin/members/new", "/admin/members/new",
            new Dictionary<string, string> { ["Input.DisplayName"] = "Form\u0000Name" });
        var fine = await client.GetAsync("/admin/members?name=ab");

        Assert.Equal(HttpStatusCode.BadRequest, query.StatusCode);
        Assert.Contains("NUL", await query.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }
}
