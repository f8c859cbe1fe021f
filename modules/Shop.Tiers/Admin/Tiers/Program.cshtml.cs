using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Tiers.Models;
using Shop.Tiers.Services;

namespace Shop.Tiers.Admin.Tiers;

/// <summary>/admin/tiers/program: the review settings, saved and published in one step.</summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ManageTiers)]
public sealed class ProgramModel(ContentManager content, TierCatalog catalog) : PageModel
{
    [BindProperty]
    public TierProgram Input { get; set; } = new();

    public async Task OnGetAsync() => Input = await catalog.ProgramAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = User.ActorName() ?? "staff";
        var (existing, _) = await content.ListAsync(TierCatalog.ProgramType, ContentStatus.Published, null, new PageRequest(1, null));
        var saved = existing.Count == 0
            ? await content.CreateAsync(TierCatalog.ProgramType, Input, actor)
            : await content.UpdateAsync(TierCatalog.ProgramType, existing[0].ItemId, Input, actor);
        if (saved.Errors.Count == 0) saved = await content.PublishAsync(TierCatalog.ProgramType, saved.Item!.ItemId, actor);
        if (saved.Errors.Count > 0)
        {
            ModelState.Clear();
            TierDisplay.AddErrors(ModelState, saved.Errors, nameof(Input));
            return Page();
        }
        TempData["flash"] = "Tier programme published.";
        return Redirect("/admin/tiers");
    }
}
