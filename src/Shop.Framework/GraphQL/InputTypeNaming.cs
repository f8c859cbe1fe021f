using GraphQL.Types;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Auto-mapped input types get an "Input" suffix, so a CLR class used both as output and as
/// input (a content model's nested parts) yields two distinct GraphQL names.
/// </summary>
public sealed class SuffixedInputObjectGraphType<T> : AutoRegisteringInputObjectGraphType<T>
{
    public SuffixedInputObjectGraphType()
    {
        if (!Name.EndsWith("Input", StringComparison.Ordinal)) Name += "Input";
    }
}

public sealed class InputTypeNamingProvider : IGraphTypeMappingProvider
{
    public Type? GetGraphTypeFromClrType(Type clrType, bool isInputType, Type? preferredType) =>
        isInputType && preferredType is { IsGenericType: true } && preferredType.GetGenericTypeDefinition() == typeof(AutoRegisteringInputObjectGraphType<>)
            ? typeof(SuffixedInputObjectGraphType<>).MakeGenericType(clrType)
            : preferredType;
}
