using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>GraphQL over HTTP: what clients get for good and bad requests. Never a 500.</summary>
public class TransportTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private readonly ShopAppFactory _app = fixture.App;

    private async Task<(HttpStatusCode Status, string ContentType, string Body)> SendAsync(HttpMethod method, string url, string? body = null,
        string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        using var response = await _app.CreateClient().SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_query_answers_with_the_graphql_response_media_type()
    {
        var (status, type, body) = await SendAsync(HttpMethod.Post, "/graphql", """{"query":"{ me { id } }"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/graphql-response+json", type);
        Assert.Contains("\"me\":null", body);
    }

    [Fact]
    public async Task Plain_json_is_served_when_the_client_asks_for_it()
    {
        var (status, type, _) = await SendAsync(HttpMethod.Post, "/graphql", """{"query":"{ nope }"}""", accept: "application/json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", type);
    }

    [Fact]
    public async Task Queries_work_over_GET()
    {
        var (status, _, body) = await SendAsync(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ me { id } }"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"me\":null", body);
    }

    [Fact]
    public async Task Mutations_over_GET_are_refused_with_405()
    {
        var query = Uri.EscapeDataString("mutation { login(input: {provider: \"dev\", code: \"13800000000\"}) { token } }");
        var (status, _, body) = await SendAsync(HttpMethod.Get, "/graphql?query=" + query);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Contains("METHOD_NOT_ALLOWED", body);
    }

    [Theory]
    [InlineData("{not json", "BAD_REQUEST")]
    [InlineData("[1,2]", "BAD_REQUEST")]
    [InlineData("""{"variables":{}}""", "BAD_REQUEST")]
    [InlineData("""{"query":42}""", "BAD_REQUEST")]
    [InlineData("""{"query":"{ me { id } }","variables":[1]}""", "BAD_REQUEST")]
    [InlineData("""{"query":"{ me { id } }","query":"{ tiers { name } }"}""", "BAD_REQUEST")]
    [InlineData("""{"query":"query($a: ID) { reward(id: $a) { id } }","variables":{"a":"1","a":"2"}}""", "BAD_REQUEST")]
    public async Task Malformed_bodies_get_400_with_a_reason(string body, string code)
    {
        var (status, _, text) = await SendAsync(HttpMethod.Post, "/graphql", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(code, text);
    }

    [Theory]
    [InlineData("""{"query":"{ tiers { name } }","operationName":"?"}""")]
    [InlineData("""{"query":"{ tiers { name ? } }"}""")]
    [InlineData("""{"query":"query($id: ID!) { reward(id: $id) { id } }","variables":{"id":"?"}}""")]
    public async Task Bodies_that_are_not_utf8_get_400_on_both_endpoints(string template)
    {
        var bytes = Encoding.UTF8.GetBytes(template).Select(b => b == (byte)'?' ? (byte)0xFF : b).ToArray();
        foreach (var path in new[] { "/graphql", "/admin/graphql" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", ShopAppFactory.ApiKey);
            using var response = await _app.CreateClient().SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_get_whose_variables_name_a_variable_twice_gets_400()
    {
        var (status, _, text) = await SendAsync(HttpMethod.Get,
            "/graphql?query=" + Uri.EscapeDataString("query($a: ID) { reward(id: $a) { id } }") + "&variables=" + Uri.EscapeDataString("""{"a":"1","a":"2"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("BAD_REQUEST", text);
    }

    [Fact]
    public async Task Other_media_types_get_415()
    {
        var (status, _, _) = await SendAsync(HttpMethod.Post, "/graphql", "query={me{id}}", "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
    }

    [Fact]
    public async Task Syntax_errors_and_unknown_fields_get_400()
    {
        var (syntax, _, syntaxBody) = await SendAsync(HttpMethod.Post, "/graphql", """{"query":"{ me { id "}""");
        var (unknown, _, unknownBody) = await SendAsync(HttpMethod.Post, "/graphql", """{"query":"{ nope }"}""");
        // The parsed document is cached; a document that failed validation is validated again, never waved through.
        var (again, _, againBody) = await SendAsync(HttpMethod.Post, "/graphql", """{"query":"{ nope }"}""");

        Assert.Equal(HttpStatusCode.BadRequest, syntax);
        Assert.Contains("SYNTAX_ERROR", syntaxBody);
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Contains("FIELDS_ON_CORRECT_TYPE", unknownBody);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Contains("FIELDS_ON_CORRECT_TYPE", againBody);
    }

    [Fact]
    public async Task An_unknown_operation_name_gets_400()
    {
        var (valid, _, _) = await SendAsync(HttpMethod.Post, "/graphql", """{"query":"query A { me { id } }","operationName":"A"}""");
        var (status, _, _) = await SendAsync(HttpMethod.Post, "/graphql", """{"query":"query A { me { id } }","operationName":"B"}""");
        Assert.Equal(HttpStatusCode.OK, valid);
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Over_deep_queries_are_refused_before_execution()
    {
        const int levels = 20; // past the default limit of 15
        var deep = "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", levels)) + "name" + new string('}', levels + 5).Replace("}", " }");
        var (status, _, body) = await SendAsync(HttpMethod.Post, "/graphql", System.Text.Json.JsonSerializer.Serialize(new { query = deep }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("depth", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Oversized_documents_get_413()
    {
        var huge = "{ me { " + string.Concat(Enumerable.Repeat("id ", 20_000)) + "} }";
        var (status, _, _) = await SendAsync(HttpMethod.Post, "/graphql", System.Text.Json.JsonSerializer.Serialize(new { query = huge }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
    }

    [Fact]
    public async Task A_body_sent_in_pieces_without_a_length_is_read_whole()
    {
        // Padding before the query makes the JSON span several writes, so the endpoint reads it over several reads.
        var json = "{" + string.Concat(Enumerable.Range(0, 40).Select(i => $"\"x{i}\":\"{new string('a', 1_000)}\",")) + "\"query\":\"{ me { id } }\"}";
        var (status, body) = await SendInPiecesAsync(json, pieces: 8);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"me\":null", body);
    }

    [Fact]
    public async Task A_body_sent_in_pieces_past_the_limit_gets_413()
    {
        var huge = "{ me { " + string.Concat(Enumerable.Repeat("id ", 60_000)) + "} }";
        var (status, body) = await SendInPiecesAsync(System.Text.Json.JsonSerializer.Serialize(new { query = huge }), pieces: 12);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("REQUEST_TOO_LARGE", body);
    }

    /// <summary>POSTs <paramref name="json"/> chunked (no Content-Length), flushed in <paramref name="pieces"/> writes a moment apart.</summary>
    private async Task<(HttpStatusCode Status, string Body)> SendInPiecesAsync(string json, int pieces)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new PiecewiseContent(Encoding.UTF8.GetBytes(json), pieces) };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _app.CreateClient().SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private sealed class PiecewiseContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly int _pieces;

        public PiecewiseContent(byte[] bytes, int pieces)
        {
            _bytes = bytes;
            _pieces = pieces;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var size = (_bytes.Length + _pieces - 1) / _pieces;
            for (var offset = 0; offset < _bytes.Length; offset += size)
            {
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(size, _bytes.Length - offset)));
                await stream.FlushAsync();
                await Task.Delay(5);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task The_sdl_of_the_storefront_is_public_and_the_admin_sdl_needs_staff()
    {
        var (storefront, type, sdl) = await SendAsync(HttpMethod.Get, "/graphql/schema.graphql");
        var (anonymousAdmin, _, _) = await SendAsync(HttpMethod.Get, "/admin/graphql/schema.graphql");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/graphql/schema.graphql");
        request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", ShopAppFactory.ApiKey);
        using var admin = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, storefront);
        Assert.Equal("text/plain", type);
        Assert.Contains("login(input: LoginInput!): LoginPayload!", sdl);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousAdmin);
        Assert.Contains("members(", await admin.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_probes_answer()
    {
        var (live, _, _) = await SendAsync(HttpMethod.Get, "/health/live");
        var (ready, _, body) = await SendAsync(HttpMethod.Get, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal("Healthy", body);
    }

    [Fact]
    public async Task An_invalid_bearer_token_gets_401_not_an_anonymous_answer()
    {
        var response = await _app.StorefrontAsync("{ me { id } }", token: "not-a-jwt");

        Assert.Equal(401, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.FirstErrorCode);
    }
}
