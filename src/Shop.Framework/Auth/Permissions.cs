using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Shop.Framework.Auth;

/// <summary>A right a module defines, e.g. <c>Members.Manage</c>. Roles grant sets of them.</summary>
public sealed record Permission(string Name, string Description, string Module);

/// <summary>A module lists its permissions by implementing this; <c>services.AddPermissions&lt;T&gt;()</c>.</summary>
public interface IPermissionProvider
{
    IEnumerable<Permission> GetPermissions();
}

public sealed class PermissionRegistry(IEnumerable<IPermissionProvider> providers)
{
    public IReadOnlyList<Permission> All { get; } = providers.SelectMany(p => p.GetPermissions()).OrderBy(p => p.Name).ToList();
}

/// <summary>Framework permissions.</summary>
public sealed class FrameworkPermissions : IPermissionProvider
{
    public const string AccessAdmin = "Admin.Access";
    public const string ManageContent = "Content.Manage";
    public const string ManageSystem = "System.Manage";
    public const string ReadMetrics = "Metrics.Read";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(AccessAdmin, "Sign in to the admin and see the dashboard", "Shop.Framework"),
        new(ManageContent, "Create, edit, publish and archive content items", "Shop.Framework"),
        new(ManageSystem, "Register persisted queries, run background tasks, manage API keys", "Shop.Framework"),
        new(ReadMetrics, "Scrape /metrics (give this alone to the monitoring system's API key)", "Shop.Framework"),
    ];
}

/// <summary>Policies named <c>perm:Name</c> are built on demand: staff with that permission.</summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public const string Prefix = "perm:";

    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(Prefix, StringComparison.Ordinal)) return await base.GetPolicyAsync(policyName);
        return new AuthorizationPolicyBuilder(AdminAuth.CookieScheme, AdminAuth.ApiKeyScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasPermission(policyName[Prefix.Length..]))
            .Build();
    }
}

public static class PermissionServiceExtensions
{
    public static IServiceCollection AddPermissions<T>(this IServiceCollection services) where T : class, IPermissionProvider =>
        services.AddSingleton<IPermissionProvider, T>();
}
