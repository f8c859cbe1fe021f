using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Shop.Framework.Auth;

/// <summary>Puts the staff member's permissions into the cookie so checks need no database call.</summary>
public sealed class AdminClaimsFactory(UserManager<AdminUser> users, RolePermissions roles) : IUserClaimsPrincipalFactory<AdminUser>
{
    public async Task<ClaimsPrincipal> CreateAsync(AdminUser user)
    {
        var identity = new ClaimsIdentity(AdminAuth.CookieScheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, user.Id));
        identity.AddClaim(new Claim(ClaimTypes.Name, user.DisplayName));
        identity.AddClaim(new Claim(ShopClaims.Staff, user.Id));
        identity.AddClaim(new Claim(ShopClaims.Actor, user.Email));
        identity.AddClaim(new Claim(AdminSessionValidation.SecurityStampClaim, user.SecurityStamp));
        var roleNames = await users.GetRolesAsync(user);
        foreach (var role in roleNames) identity.AddClaim(new Claim(ClaimTypes.Role, role));
        foreach (var permission in await roles.ForRolesAsync(roleNames)) identity.AddClaim(new Claim(ShopClaims.Permission, permission));
        return new ClaimsPrincipal(identity);
    }
}
