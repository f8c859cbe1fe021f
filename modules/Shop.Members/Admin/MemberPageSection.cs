using Microsoft.Extensions.DependencyInjection;

namespace Shop.Members.Admin;

/// <summary>
/// A panel another module adds to the admin member page (the points ledger, the tier and its
/// log, check-ins). <paramref name="ViewComponent"/> is invoked with <c>new { memberId }</c>;
/// the panel shows only to staff holding <paramref name="Permission"/>.
/// </summary>
public sealed record MemberPageSection(string ViewComponent, string Permission, int Order = 0);

public static class MemberPageSectionExtensions
{
    public static IServiceCollection AddMemberPageSection(this IServiceCollection services, string viewComponent, string permission, int order = 0) =>
        services.AddSingleton(new MemberPageSection(viewComponent, permission, order));
}
