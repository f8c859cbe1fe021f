using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Admin;
using Shop.Framework.Data;

namespace Shop.Members.Admin;

public sealed class MembersDashboardWidget(DbSession db, TimeProvider clock) : IDashboardWidget
{
    public string Permission => Permissions.ViewMembers;
    public int Order => 10;

    public async Task<DashboardCard> GetAsync(IServiceProvider services)
    {
        var total = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM members");
        var since = clock.GetUtcNow().AddDays(-7).ToUnixMs();
        var recent = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM members WHERE created_at >= @since", new { since });
        return new DashboardCard("Members", total.ToString("N0"), "/admin/members", $"{recent:N0} joined in the last 7 days");
    }
}
