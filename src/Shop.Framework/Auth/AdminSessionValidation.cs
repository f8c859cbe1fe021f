using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Framework.Auth;

/// <summary>
/// Re-reads a signed-in staff member every <see cref="AdminOptions.SessionRecheck"/>: the cookie
/// carries the permissions granted at sign-in, so without this a removed role, a narrowed role or
/// a deleted account kept working for the cookie's whole sliding life. A session whose account is
/// gone or whose security stamp changed (password changed, sessions revoked) is signed out; any
/// other gets its roles and permissions rebuilt and the cookie renewed. Identity's own stamp
/// validator would do the same but signs out through schemes this host does not register.
/// </summary>
public static class AdminSessionValidation
{
    public const string SecurityStampClaim = "AspNet.Identity.SecurityStamp";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var recheck = services.GetRequiredService<AdminOptions>().SessionRecheck;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (recheck > TimeSpan.Zero && context.Properties.IssuedUtc is { } issued && now - issued < recheck) return;

        var users = services.GetRequiredService<UserManager<AdminUser>>();
        var user = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? await users.FindByIdAsync(id) : null;
        if (user is null || user.SecurityStamp != context.Principal!.FindFirstValue(SecurityStampClaim))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AdminAuth.CookieScheme);
            return;
        }
        context.ReplacePrincipal(await services.GetRequiredService<IUserClaimsPrincipalFactory<AdminUser>>().CreateAsync(user));
        context.Properties.IssuedUtc = now;
        context.ShouldRenew = true;
    }
}
