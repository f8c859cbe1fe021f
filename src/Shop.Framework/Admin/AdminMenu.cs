using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Auth;

namespace Shop.Framework.Admin;

/// <summary>An entry in the admin menu, contributed by a module; shown only with its permission.</summary>
public sealed record AdminMenuItem(string Section, string Title, string Url, string Permission, int Order = 0);

public sealed class AdminMenu(IEnumerable<AdminMenuItem> items)
{
    public IReadOnlyList<IGrouping<string, AdminMenuItem>> For(ClaimsPrincipal user) =>
        items.Where(i => user.HasPermission(i.Permission))
            .OrderBy(i => i.Order).ThenBy(i => i.Title)
            .GroupBy(i => i.Section)
            .ToList();
}

/// <summary>A card on the dashboard: a module's headline figure.</summary>
public interface IDashboardWidget
{
    string Permission { get; }
    int Order { get; }
    Task<DashboardCard> GetAsync(IServiceProvider services);
}

public sealed record DashboardCard(string Title, string Value, string? Link = null, string? Note = null);

public static class AdminMenuServiceExtensions
{
    public static IServiceCollection AddAdminMenu(this IServiceCollection services, string section, string title, string url, string permission, int order = 0) =>
        services.AddSingleton(new AdminMenuItem(section, title, url, permission, order));

    public static IServiceCollection AddDashboardWidget<T>(this IServiceCollection services) where T : class, IDashboardWidget =>
        services.AddScoped<IDashboardWidget, T>();
}
