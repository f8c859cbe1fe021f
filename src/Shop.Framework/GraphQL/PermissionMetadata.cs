using GraphQL.Types;

namespace Shop.Framework.GraphQL;

public static class PermissionMetadata
{
    public const string Key = "shop:permission";

    /// <summary>The caller must hold <paramref name="permission"/> to select this field (checked before execution).</summary>
    public static T RequirePermission<T>(this T provider, string permission) where T : IProvideMetadata
    {
        provider.Metadata[Key] = permission;
        return provider;
    }

    public static string? RequiredPermission(this IProvideMetadata provider) =>
        provider.GetMetadata<string?>(Key);
}
