using System.Buffers.Text;
using System.Text;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Relay connections with keyset cursors. The cursor is the opaque, URL-safe form of the last
/// row's sort key, so pages stay stable while rows are inserted (no OFFSET scans).
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 20;

    public static string EncodeCursor(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));

    /// <summary>The key inside a cursor, or null when there is none or it is not one of ours (an admin page's hand-edited link starts over).</summary>
    public static string? TryDecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string DecodeCursor(string cursor) =>
        TryDecodeCursor(cursor) ?? throw new ExecutionError($"'{cursor}' is not a cursor from this API.") { Code = ErrorCodes.InvalidCursor };

    /// <summary>Reads first/after, enforcing the schema's hard cap with an error rather than truncating.</summary>
    public static PageRequest Request(IResolveFieldContext context)
    {
        var cap = context.RequestServices!.GetPageCap(context.Schema);
        var first = context.GetArgument<int?>("first") ?? Math.Min(DefaultPageSize, cap);
        if (first < 0)
            throw new ExecutionError("'first' must not be negative.") { Code = ErrorCodes.Validation };
        if (first > cap)
            throw new ExecutionError($"'first' may be at most {cap}.") { Code = ErrorCodes.PageSizeExceeded };
        var after = context.GetArgument<string?>("after");
        return new PageRequest(first, after is null ? null : DecodeCursor(after));
    }

    /// <summary>Builds the connection from up to first+1 rows fetched after the cursor.</summary>
    public static Connection<T> Connection<T>(PageRequest page, IReadOnlyList<T> rowsPlusOne, Func<T, string> key, int totalCount)
    {
        var hasNext = rowsPlusOne.Count > page.First;
        var rows = hasNext ? rowsPlusOne.Take(page.First).ToList() : rowsPlusOne.ToList();
        var edges = rows.Select(r => new Edge<T> { Node = r, Cursor = EncodeCursor(key(r)) }).ToList();
        return new Connection<T>
        {
            Edges = edges,
            TotalCount = totalCount,
            PageInfo = new PageInfo
            {
                HasNextPage = hasNext,
                HasPreviousPage = page.AfterKey is not null,
                StartCursor = edges.FirstOrDefault()?.Cursor,
                EndCursor = edges.LastOrDefault()?.Cursor,
            },
        };
    }

    /// <summary>Adds the standard <c>first</c>/<c>after</c> arguments to a connection field.</summary>
    public static FieldBuilder<TSource, object> PagingArguments<TSource>(this FieldBuilder<TSource, object> field) =>
        field.Argument<IntGraphType>("first", "Page size; capped per schema (an error above the cap).")
             .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.");
}

public sealed record PageRequest(int First, string? AfterKey);
