using System.Collections.Concurrent;
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

    private const string SignedInKey = "shop.signedInMembers";

    /// <summary>
    /// Records that this request signed <paramref name="memberId"/> in (login): the payload's member
    /// is the caller's own, though the request itself came without a token.
    /// </summary>
    public static void SignedIn(this IResolveFieldContext context, string memberId)
    {
        if (context.UserContext is null) return;
        var members = context.UserContext.TryGetValue(SignedInKey, out var found) && found is ConcurrentDictionary<string, bool> known
            ? known
            : (ConcurrentDictionary<string, bool>)(context.UserContext[SignedInKey] = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
        members[memberId] = true;
    }

    /// <summary>
    /// Admits the caller to a member's own <paramref name="what"/>, guarded by <paramref name="permission"/>:
    /// the member themself (by token, or signed in by this request's login), or staff holding it.
    /// Anyone else gets ACCESS_DENIED on the field.
    /// </summary>
    public static void DemandMemberOrPermission(this IResolveFieldContext context, string memberId, string permission, string what)
    {
        if (context.MemberId() == memberId
            || context.User?.HasPermission(permission) == true
            || (context.UserContext?.TryGetValue(SignedInKey, out var found) == true && found is ConcurrentDictionary<string, bool> known && known.ContainsKey(memberId)))
            return;
        throw new ExecutionError($"{what} need the permission '{permission}'.") { Code = ErrorCodes.AccessDenied };
    }

    /// <summary>Who did it, for content authorship and audit: staff email or API key name.</summary>
    public static string Actor(this IResolveFieldContext context) => context.User?.ActorName() ?? "system";
}
