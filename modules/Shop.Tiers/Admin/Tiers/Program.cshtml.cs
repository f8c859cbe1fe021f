using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Admin;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Tiers.Models;
using Shop.Tiers.Services;

namespace Shop.Tiers.Admin.Tiers;

/// <summary>/admin/tiers/program: the review settings, saved and published in one step.</summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ManageTiers)]
public sealed class ProgramModel(ContentManager content, TierCatalog catalog) : PageModel, IRedisplayForm
{
    [BindProperty]
    public TierProgram Input { get; set; } = new();

    public async Task OnGetAsync() => Input = await catalog.ProgramAsync();

    public Task<IActionResult> RedisplayAsync() => Task.FromResult<IActionResult>(Page());

    public async Task<IActionResult> OnPostAsync()
    {
        var saved = await content.SaveInForceAsync(TierCatalog.ProgramType, Input, User.ActorName() ?? "staff", publish: true);
        if (saved.Errors.Count > 0)
        {
            ModelState.Clear();
            FormErrors.Add(ModelState, saved.Errors, nameof(Input));
            return Page();
        }
        TempData["flash"] = "Tier programme published.";
        return Redirect("/admin/tiers");
    }
}
