using GraphQL.Builders;
using GraphQL.Types;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Fields a module adds to a type both schemas share (tags on <c>Member</c>) that only staff may
/// read. The storefront schema leaves them out, so its SDL offers a member nothing they are always
/// refused, and a member's <c>me</c> never loses its data to a denied non-null field. The admin
/// schema keeps them; their resolvers still check the permission.
/// </summary>
public static class StaffOnlyFields
{
    private const string MetadataKey = "Shop.StaffOnly";

    public static FieldBuilder<TSource, TReturn> StaffOnly<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field)
    {
        field.FieldType.Metadata[MetadataKey] = true;
        return field;
    }

    /// <summary>Marks <paramref name="type"/>'s staff-only fields private, which GraphQL.NET removes as the schema initialises.</summary>
    internal static void Hide(IGraphType type)
    {
        if (type is not IComplexGraphType complex) return;
        foreach (var field in complex.Fields)
            if (field.GetMetadata(MetadataKey, false)) field.IsPrivate = true;
    }
}
