using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Shop.Framework.Hosting;

/// <summary>
/// Text a database can keep. PostgreSQL text cannot hold U+0000 (the statement fails with 22021,
/// even in a WHERE clause), and on SQLite a NUL cuts short what C code reads back. No name, id,
/// code or address has a use for one, so every way in refuses it up front with a 400: the GraphQL
/// scalars (<see cref="GraphQL.StorableStrings"/>), the order webhook's body, and query strings
/// (<see cref="StorableInputMiddleware"/>).
/// </summary>
public static class StorableInput
{
    public const string Refusal = "Text must not contain the NUL character (U+0000).";

    public static bool IsStorable(string? text) => text is null || !text.Contains('\0');

    /// <summary>Whether every property name and string value in <paramref name="node"/> is storable.</summary>
    public static bool IsStorable(JsonNode? node) => node switch
    {
        JsonObject obj => obj.All(p => IsStorable(p.Key) && IsStorable(p.Value)),
        JsonArray array => array.All(IsStorable),
        JsonValue value => !value.TryGetValue<string>(out var text) || IsStorable(text),
        _ => true,
    };

    internal static bool IsStorable(IQueryCollection pairs) =>
        pairs.All(p => IsStorable(p.Key) && p.Value.All(IsStorable));
}

/// <summary>
/// Refuses a query string that carries a NUL (see <see cref="StorableInput"/>) before any page or
/// endpoint binds it. Paths and forms need no check here: Kestrel refuses a path that decodes to a
/// NUL, and ASP.NET's form reader a form value with one (400 either way).
/// </summary>
public sealed class StorableInputMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        // A GraphQL GET carries its document and variables in the query string: the parser and the
        // String/ID scalars refuse a NUL there, in the GraphQL error shape clients expect.
        if (!IsGraphQL(http.Request.Path) && !StorableInput.IsStorable(http.Request.Query))
        {
            await Results.Problem(StorableInput.Refusal, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }
        await next(http);
    }

    private static bool IsGraphQL(PathString path) => path.Equals("/graphql") || path.Equals("/admin/graphql");
}
