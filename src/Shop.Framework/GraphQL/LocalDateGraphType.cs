using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Shop.Framework.GraphQL;

/// <summary>
/// API.md's <c>Date</c>: a local calendar day as <c>yyyy-MM-dd</c> (a birthday, a check-in day),
/// with no time and no zone. Resolvers see the normalised string; a malformed value is refused
/// while the request is validated, so it never reaches a service.
/// </summary>
public sealed class LocalDateGraphType : ScalarGraphType
{
    public const string Format = "yyyy-MM-dd";

    public LocalDateGraphType()
    {
        Name = "Date";
        Description = "A local calendar day, yyyy-MM-dd (ISO 8601), e.g. 2026-11-23.";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue s => Normalise(new string(s.Value.Span)),
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s => Normalise(s),
        DateOnly d => d.ToString(Format, CultureInfo.InvariantCulture),
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString(Format, CultureInfo.InvariantCulture),
        string s => Normalise(s),
        _ => ThrowSerializationError(value),
    };

    private static string Normalise(string text) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.ToString(Format, CultureInfo.InvariantCulture)
            : throw new FormatException($"'{text}' is not a date: use yyyy-MM-dd.");
}
