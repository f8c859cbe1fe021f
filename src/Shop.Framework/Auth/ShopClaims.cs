using System.Security.Claims;

namespace Shop.Framework.Auth;

public static class ShopClaims
{
    public const string Member = "shop:member";
    public const string Staff = "shop:staff";
    public const string Permission = "shop:permission";
    public const string Actor = "shop:actor";
    public const string AllPermissions = "*";

    public static string? MemberId(this ClaimsPrincipal user) => user.FindFirst(Member)?.Value;

    public static bool IsStaff(this ClaimsPrincipal? user) => user?.FindFirst(Staff) is not null;

    public static string? ActorName(this ClaimsPrincipal user) => user.FindFirst(Actor)?.Value;

    public static bool HasPermission(this ClaimsPrincipal? user, string permission) =>
        user is not null && user.IsStaff() && user.Claims.Any(c =>
            c.Type == Permission && (c.Value == AllPermissions || c.Value == permission));
}
