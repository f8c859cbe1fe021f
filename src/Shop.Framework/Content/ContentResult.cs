using Shop.Framework.GraphQL;

namespace Shop.Framework.Content;

public sealed record ContentResult(ContentItem? Item, IReadOnlyList<UserError> Errors)
{
    public static ContentResult Ok(ContentItem item) => new(item, []);
    public static ContentResult Fail(string code, string message, string? field = null) => new(null, [new UserError(code, message, field)]);
}
