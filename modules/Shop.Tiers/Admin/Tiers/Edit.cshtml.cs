using Shop.Framework.Admin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Tiers.Models;
using Shop.Tiers.Services;

namespace Shop.Tiers.Admin.Tiers;

/// <summary>
/// /admin/tiers/edit/{id?}: a tier's editable head over the content store. Saving keeps a
/// draft; "Save and publish" also publishes, which the ladder check may refuse.
/// </summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ManageTiers)]
public sealed class EditModel(ContentManager content) : PageModel, IRedisplayForm
{
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public Tier Input { get; set; } = new();

    public ContentItem? Item { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is null) return Page();
        Item = await content.GetAsync(TierCatalog.TierType, Id, latest: true);
        if (Item is null) return NotFound();
        Input = Item.As<Tier>();
        return Page();
    }

    public async Task<IActionResult> RedisplayAsync()
    {
        if (Id is not null) Item = await content.GetAsync(TierCatalog.TierType, Id, latest: true);
        return Page();
    }

    public Task<IActionResult> OnPostAsync() => SaveAsync(publish: false);

    public Task<IActionResult> OnPostPublishAsync() => SaveAsync(publish: true);

    private async Task<IActionResult> SaveAsync(bool publish)
    {
        var actor = User.ActorName() ?? "staff";
        var saved = await content.SaveAsync(TierCatalog.TierType, Id, Input, actor, publish);
        if (saved.Errors.Count > 0)
        {
            ModelState.Clear();
            FormErrors.Add(ModelState, saved.Errors, nameof(Input));
            Id ??= saved.Item?.ItemId;
            return Page();
        }
        TempData["flash"] = $"{(publish ? "Published" : "Saved draft of")} {saved.Item!.DisplayText}.";
        return Redirect("/admin/tiers");
    }
}
