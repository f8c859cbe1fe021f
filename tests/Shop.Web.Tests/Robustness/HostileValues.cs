using GraphQL.Types;

namespace Shop.Web.Tests.Robustness;

/// <summary>The kinds of input a caller can send that a resolver must answer without failing.</summary>
public enum Strategy
{
    /// <summary>Plausible values, with ids of things that exist where the probe has seen some; optional arguments left out.</summary>
    Typical,
    /// <summary>Typical values for every argument, optional ones included.</summary>
    Complete,
    /// <summary>Empty strings and lists, zeros.</summary>
    Empty,
    /// <summary>Negative numbers and days long past, with plausible text and real ids so they reach the arithmetic.</summary>
    Negative,
    /// <summary>The largest numbers the types carry and long lists, with plausible text and real ids.</summary>
    Huge,
    /// <summary>Long text (4,000 characters) everywhere text goes, plausible numbers.</summary>
    LongText,
    /// <summary>Injection text, NUL and other control characters, days that do not exist.</summary>
    Weird,
    /// <summary>Every optional argument and input field explicitly null.</summary>
    Nulls,
    /// <summary>Ids as the integers the spec lets a client send for an ID (123), everything else typical.</summary>
    IntegerIds,
}

/// <summary>
/// Builds argument values for any input type of the schema under a <see cref="Strategy"/>. Every
/// scalar the schema declares must have values here: a new scalar fails the probe until it does.
/// </summary>
public sealed class HostileValues(KnownIds ids, string today)
{
    private const int HugeList = 40;
    private static readonly string HugeText = new('長', 4_000);
    private const string WeirdText = "'; DROP TABLE members; -- \u0000\u0007\r\n<script>alert(1)</script> 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202e";
    private int _serial;

    /// <summary>A value for <paramref name="type"/>; <paramref name="name"/> is the argument or field it fills, <paramref name="context"/> the root field.</summary>
    public object? For(IGraphType type, string name, string context, Strategy strategy, int depth = 0)
    {
        if (strategy == Strategy.Complete) strategy = Strategy.Typical;
        if (type is NonNullGraphType nonNull)
            return For(nonNull.ResolvedType!, name, context, strategy, depth) ?? For(nonNull.ResolvedType!, name, context, Strategy.Typical, depth);
        // Nulls keeps a top-level input object and empties its optional fields.
        if (strategy == Strategy.Nulls && (depth > 0 || type is not IInputObjectGraphType)) return null;
        return type switch
        {
            ListGraphType list => ListOf(list.ResolvedType!, name, context, strategy, depth),
            IInputObjectGraphType input => ObjectOf(input, context, strategy, depth),
            EnumerationGraphType enumeration => strategy is Strategy.Typical or Strategy.IntegerIds ? enumeration.Values.First().Name : enumeration.Values.Last().Name,
            ScalarGraphType scalar => Scalar(scalar.Name, name, context, strategy),
            _ => throw new InvalidOperationException($"No hostile values for {type.GetType().Name} {type.Name}."),
        };
    }

    private List<object?> ListOf(IGraphType element, string name, string context, Strategy strategy, int depth) => strategy switch
    {
        Strategy.Empty => [],
        Strategy.Huge => Enumerable.Range(0, HugeList).Select(_ => For(element, name, context, Strategy.Typical, depth + 1)).ToList(),
        Strategy.Weird => [For(element, name, context, Strategy.Weird, depth + 1), For(element, name, context, Strategy.Weird, depth + 1)],
        _ => [For(element, name, context, strategy, depth + 1)],
    };

    private Dictionary<string, object?> ObjectOf(IInputObjectGraphType input, string context, Strategy strategy, int depth)
    {
        var values = new Dictionary<string, object?>();
        foreach (var field in input.Fields)
        {
            var required = field.ResolvedType is NonNullGraphType && field.DefaultValue is null;
            // Deep optional parts are left out so a payload stays within the request size limit.
            if (!required && depth > 3) continue;
            values[field.Name] = For(field.ResolvedType!, field.Name, context, strategy, depth + 1);
        }
        return values;
    }

    private object? Scalar(string scalar, string name, string context, Strategy strategy) => strategy == Strategy.IntegerIds
        ? scalar == "ID" ? 123 : Scalar(scalar, name, context, Strategy.Typical)
        : scalar switch
    {
        "String" or "ID" => Text(name, context, strategy),
        "Int" => strategy switch
        {
            Strategy.Typical or Strategy.LongText => 1,
            Strategy.Empty => 0,
            Strategy.Negative => -1,
            Strategy.Huge => int.MaxValue,
            _ => int.MinValue,
        },
        "Long" or "BigInt" => strategy switch
        {
            Strategy.Typical or Strategy.LongText => 1L,
            Strategy.Empty => 0L,
            Strategy.Negative => -1L,
            Strategy.Huge => long.MaxValue,
            _ => long.MinValue,
        },
        "Float" or "Decimal" => strategy switch
        {
            Strategy.Typical or Strategy.LongText => 1.5,
            Strategy.Empty => 0.0,
            Strategy.Negative => -1.5,
            Strategy.Huge => 1e300,
            _ => -1e300,
        },
        "Boolean" => strategy is Strategy.Typical or Strategy.LongText,
        "Date" => strategy switch
        {
            Strategy.Typical or Strategy.LongText => today,
            Strategy.Empty => "",
            Strategy.Negative => "0001-01-01",
            Strategy.Huge => "9999-12-31",
            _ => "2026-02-30",
        },
        "DateTime" or "DateTimeOffset" => strategy switch
        {
            Strategy.Typical or Strategy.LongText => today + "T08:00:00Z",
            Strategy.Empty => "",
            Strategy.Negative => "0001-01-01T00:00:00Z",
            Strategy.Huge => "9999-12-31T23:59:59Z",
            _ => "2026-02-30T25:61:00Z",
        },
        _ => throw new InvalidOperationException($"No hostile values for the scalar {scalar}: add them here."),
    };

    private string Text(string name, string context, Strategy strategy)
    {
        // Numbers are made hostile with real ids and plausible text beside them, so they reach the
        // arithmetic (a grant of long.MaxValue to a real member) instead of stopping at validation.
        if (strategy is Strategy.Typical or Strategy.Negative or Strategy.Huge)
            return ids.Find(name, context) ?? (name.Contains("phone", StringComparison.OrdinalIgnoreCase)
                ? $"139{Interlocked.Increment(ref _serial) % 100_000_000:D8}"
                : $"probe-{name}-{Interlocked.Increment(ref _serial)}");
        return strategy switch
        {
            Strategy.Empty => "",
            Strategy.LongText => HugeText,
            _ => WeirdText,
        };
    }
}
