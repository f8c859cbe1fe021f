using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Auth;

namespace Shop.Framework.GraphQL;

public static class ResolveContextExtensions
{
    public static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        context.RequestServices!.GetRequiredService<T>();

    /// <summary>The signed-in member's id on the storefront, or null when anonymous.</summary>
    public static string? MemberId(this IResolveFieldContext context) => context.User?.MemberId();

    /// <summary>Who did it, for content authorship and audit: staff email or API key name.</summary>
    public static string Actor(this IResolveFieldContext context) => context.User?.ActorName() ?? "system";
}
