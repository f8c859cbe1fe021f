using System.Text;
using GraphQL.Types;

namespace Shop.Web.Tests.Robustness;

/// <summary>One call of one root field: the document and its variables.</summary>
public sealed record ProbeCall(string Schema, string Field, Strategy Strategy, string Document, Dictionary<string, object?> Variables);

/// <summary>
/// Writes a document for each root field of a schema: every argument passed as a variable (so the
/// hostile value reaches the resolver as the type allows it, not refused as a literal), and a
/// selection of the answer's fields a few levels deep, with <c>__typename</c> for harvesting ids.
/// </summary>
public static class ProbeDocuments
{
    private const int MaxDepth = 3;

    public static IEnumerable<FieldType> RootFields(ISchema schema, bool mutations) =>
        (mutations ? schema.Mutation?.Fields : schema.Query.Fields)?.Where(f => !f.Name.StartsWith("__", StringComparison.Ordinal)) ?? [];

    public static ProbeCall Call(string schemaName, FieldType field, bool mutation, Strategy strategy, HostileValues values)
    {
        var variables = new Dictionary<string, object?>();
        var declarations = new List<string>();
        var arguments = new List<string>();
        var index = 0;
        foreach (var argument in field.Arguments ?? [])
        {
            var required = argument.ResolvedType is NonNullGraphType && argument.DefaultValue is null;
            // Optional arguments are left out in a typical call (their defaults apply) and sent otherwise.
            if (!required && strategy == Strategy.Typical) continue;
            var variable = $"a{index++}";
            declarations.Add($"${variable}: {TypeText(argument.ResolvedType!)}");
            arguments.Add($"{argument.Name}: ${variable}");
            variables[variable] = values.For(argument.ResolvedType!, argument.Name, field.Name, strategy);
        }

        var text = new StringBuilder(mutation ? "mutation Probe" : "query Probe");
        if (declarations.Count > 0) text.Append('(').AppendJoin(", ", declarations).Append(')');
        text.Append(" { ").Append(field.Name);
        if (arguments.Count > 0) text.Append('(').AppendJoin(", ", arguments).Append(')');
        text.Append(Selection(field.ResolvedType!, 1)).Append(" }");
        return new ProbeCall(schemaName, field.Name, strategy, text.ToString(), variables);
    }

    private static string TypeText(IGraphType type) => type switch
    {
        NonNullGraphType nonNull => TypeText(nonNull.ResolvedType!) + "!",
        ListGraphType list => "[" + TypeText(list.ResolvedType!) + "]",
        _ => type.Name,
    };

    private static IGraphType Named(IGraphType type) => type switch
    {
        NonNullGraphType nonNull => Named(nonNull.ResolvedType!),
        ListGraphType list => Named(list.ResolvedType!),
        _ => type,
    };

    private static string Selection(IGraphType type, int depth)
    {
        var named = Named(type);
        if (named is ScalarGraphType or EnumerationGraphType) return "";
        if (named is not IComplexGraphType complex) return " { __typename }";

        var parts = new List<string> { "__typename" };
        foreach (var field in complex.Fields)
        {
            if (field.Arguments?.Any(a => a.ResolvedType is NonNullGraphType && a.DefaultValue is null) == true) continue;
            var inner = Named(field.ResolvedType!);
            if (inner is ScalarGraphType or EnumerationGraphType) parts.Add(field.Name);
            else if (depth < MaxDepth) parts.Add(field.Name + Selection(field.ResolvedType!, depth + 1));
        }
        return " { " + string.Join(" ", parts) + " }";
    }
}
