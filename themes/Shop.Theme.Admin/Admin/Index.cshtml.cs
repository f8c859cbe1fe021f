using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using Shop.Framework.Admin;
using Shop.Framework.Auth;
using Shop.Framework.Modules;

namespace Shop.Theme.Admin.Admin;

/// <summary>The dashboard at /admin: each module's headline card the user may see, and the enabled modules.</summary>
public sealed class IndexModel(IEnumerable<IDashboardWidget> widgets, ModuleCatalog catalog, ILogger<IndexModel> logger) : PageModel
{
    public IReadOnlyList<DashboardCard> Cards { get; private set; } = [];
    public IReadOnlyList<ModuleDescriptor> Modules => catalog.Modules;

    public async Task OnGetAsync()
    {
        var cards = new List<DashboardCard>();
        // One after the other: widgets share the request's unit of work (one connection).
        foreach (var widget in widgets.Where(w => User.HasPermission(w.Permission)).OrderBy(w => w.Order))
        {
            try
            {
                cards.Add(await widget.GetAsync(HttpContext.RequestServices));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken card should not take the whole dashboard down.
                logger.LogError(e, "Dashboard widget {Widget} failed", widget.GetType().Name);
                cards.Add(new DashboardCard(widget.GetType().Name.Replace("DashboardWidget", ""), "—", Note: "Unavailable right now"));
            }
        }
        Cards = cards;
    }
}
