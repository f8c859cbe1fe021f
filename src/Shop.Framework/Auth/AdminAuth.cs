using Microsoft.AspNetCore.Identity;

namespace Shop.Framework.Auth;

public static class AdminAuth
{
    public const string CookieScheme = "Identity.Application";
    public const string ApiKeyScheme = "ApiKey";
    public const string AdministratorRole = "Administrator";
    public static readonly string[] StaffSchemes = [CookieScheme, ApiKeyScheme];

    static AdminAuth()
    {
        System.Diagnostics.Debug.Assert(IdentityConstants.ApplicationScheme == CookieScheme);
    }
}

/// <summary>Bound from <c>Shop:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const int MaxEmailLength = 200;

    /// <summary>The bootstrap merchant account, created with the Administrator role when no account exists.</summary>
    public string? Email { get; set; }
    public string? Password { get; set; }

    /// <summary>An Administrator API key valid from start-up, for automation. Never logged.</summary>
    public string? BootstrapApiKey { get; set; }

    /// <summary>
    /// How often a signed-in staff member's account, roles and permissions are read again: a role
    /// changed, or an account removed or its password changed, reaches open sessions within this.
    /// </summary>
    public TimeSpan SessionRecheck { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class AdminUser
{
    public string Id { get; set; } = "";
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? PasswordHash { get; set; }
    public string SecurityStamp { get; set; } = "";
    public int AccessFailedCount { get; set; }
    public long? LockoutEnd { get; set; }
    public long CreatedAt { get; set; }

    /// <summary>The security stamp as read: an update writes only over the row it was read from (see <see cref="AdminUserStore.UpdateAsync"/>).</summary>
    public string? LoadedSecurityStamp { get; set; }
}
