using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Tiers.Models;
using Shop.Tiers.Services;

namespace Shop.Tiers.Admin.Tiers;

/// <summary>/admin/tiers: every tier with its status, benefits and how many members hold its level.</summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ViewTiers)]
public sealed class IndexModel(ContentManager content, TierQueries queries, TierCatalog catalog) : PageModel
{
    private const int MaxTiers = 100;

    public sealed record Row(ContentItem Item, Tier Tier, long Members);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public TierProgram Program { get; private set; } = TierProgram.Default;
    public bool CanManage => User.HasPermission(Permissions.ManageTiers);

    public async Task OnGetAsync()
    {
        var (items, _) = await content.ListAsync(TierCatalog.TierType, status: null, search: null, new PageRequest(MaxTiers, null));
        var counts = await queries.MembersPerLevelAsync();
        Rows = items.Select(i => (Item: i, Tier: i.As<Tier>()))
            .Select(p => new Row(p.Item, p.Tier, p.Item.Published ? counts.GetValueOrDefault(p.Tier.Level) : 0))
            .OrderBy(r => r.Tier.Level).ThenBy(r => r.Item.Archived).ToList();
        Program = await catalog.ProgramAsync();
    }

    public Task<IActionResult> OnPostPublishAsync(string id) => ActAsync(id, (c, i) => c.PublishAsync(TierCatalog.TierType, i, Actor), "Published");

    public Task<IActionResult> OnPostArchiveAsync(string id) => ActAsync(id, (c, i) => c.ArchiveAsync(TierCatalog.TierType, i, Actor), "Archived");

    private string Actor => User.ActorName() ?? "staff";

    private async Task<IActionResult> ActAsync(string id, Func<ContentManager, string, Task<Shop.Framework.Content.ContentResult>> action, string done)
    {
        if (!CanManage) return Forbid();
        var result = await action(content, id);
        TempData["flash"] = result.Errors.Count == 0 ? $"{done} {result.Item!.DisplayText}." : string.Join(" ", result.Errors.Select(e => e.Message));
        return RedirectToPage();
    }
}
