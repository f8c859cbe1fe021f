using GraphQL.Types;
using GraphQLParser.AST;
using Shop.Framework.Hosting;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Both schemas' <c>String</c> and <c>ID</c> refuse text a database cannot keep (see
/// <see cref="StorableInput"/>) while the request is validated: the caller gets a 400 naming the
/// variable, and no resolver sees the value.
/// </summary>
public static class StorableStrings
{
    /// <summary>Replaces the built-in <c>String</c> and <c>ID</c> of <paramref name="schema"/> (before it is initialised).</summary>
    public static void Register(Schema schema)
    {
        schema.RegisterType(new StorableStringGraphType());
        schema.RegisterType(new StorableIdGraphType());
    }

    internal static object? Checked(object? parsed) =>
        parsed is string s && !StorableInput.IsStorable(s) ? throw new FormatException(StorableInput.Refusal) : parsed;

    internal static bool IsStorable(GraphQLValue value) => value is not GraphQLStringValue s || !s.Value.Span.Contains('\0');

    internal static bool IsStorable(object? value) => value is not string s || StorableInput.IsStorable(s);
}

/// <summary>The schemas' <c>String</c>: see <see cref="StorableStrings"/>.</summary>
public sealed class StorableStringGraphType : StringGraphType
{
    public StorableStringGraphType() => Name = "String";

    public override object? ParseLiteral(GraphQLValue value) => StorableStrings.Checked(base.ParseLiteral(value));

    public override bool CanParseLiteral(GraphQLValue value) => base.CanParseLiteral(value) && StorableStrings.IsStorable(value);

    public override object? ParseValue(object? value) => StorableStrings.Checked(base.ParseValue(value));

    public override bool CanParseValue(object? value) => base.CanParseValue(value) && StorableStrings.IsStorable(value);
}

/// <summary>
/// The schemas' <c>ID</c>: see <see cref="StorableStrings"/>. The spec lets a client send an ID as an
/// integer (<c>memberId: 123</c>); it reaches resolvers as the same text a string would, so no
/// resolver meets an <c>int</c> where every id is a string.
/// </summary>
public sealed class StorableIdGraphType : IdGraphType
{
    public override object? ParseLiteral(GraphQLValue value) => StorableStrings.Checked(AsText(base.ParseLiteral(value)));

    public override bool CanParseLiteral(GraphQLValue value) => base.CanParseLiteral(value) && StorableStrings.IsStorable(value);

    public override object? ParseValue(object? value) => StorableStrings.Checked(AsText(base.ParseValue(value)));

    public override bool CanParseValue(object? value) => base.CanParseValue(value) && StorableStrings.IsStorable(value);

    private static object? AsText(object? parsed) => parsed is null or string ? parsed : Convert.ToString(parsed, System.Globalization.CultureInfo.InvariantCulture);
}
