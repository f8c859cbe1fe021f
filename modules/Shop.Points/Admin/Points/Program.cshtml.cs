using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Points.Models;
using Shop.Points.Services;

namespace Shop.Points.Admin.Points;

/// <summary>
/// /admin/points/program: edits the programme's draft and publishes it. The item edited is the one
/// in force (or the newest when none is published); publishing makes the saved draft the programme.
/// </summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ManagePoints)]
public sealed class ProgramModel(ContentManager content, PointsProgramSource programs) : PageModel
{
    [BindProperty]
    public ProgramForm Input { get; set; } = new();

    public ContentItem? Head { get; private set; }
    public string? PublishedVersionId { get; private set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Input = ProgramForm.From(Head?.As<PointsProgram>() ?? PointsProgram.Default);
    }

    public Task<IActionResult> OnPostSaveAsync() => SaveAsync(publish: false);

    public Task<IActionResult> OnPostPublishAsync() => SaveAsync(publish: true);

    private async Task<IActionResult> SaveAsync(bool publish)
    {
        await LoadAsync();
        var model = Input.ToModel();
        var actor = User.ActorName() ?? "staff";
        var saved = Head is null
            ? await content.CreateAsync(PointsProgramSource.ContentType, model, actor)
            : await content.UpdateAsync(PointsProgramSource.ContentType, Head.ItemId, model, actor);
        if (saved.Errors.Count == 0 && publish)
            saved = await content.PublishAsync(PointsProgramSource.ContentType, saved.Item!.ItemId, actor);
        if (saved.Errors.Count > 0)
        {
            foreach (var error in saved.Errors) ModelState.AddModelError(KeyFor(error), error.Message);
            return Page();
        }
        TempData["flash"] = publish ? "Published: the programme applies from now on." : "Draft saved; publish it to apply it.";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var live = await programs.CurrentItemAsync();
        PublishedVersionId = live?.VersionId;
        var (heads, _) = await content.ListAsync(PointsProgramSource.ContentType, null, null, new PageRequest(100, null));
        Head = heads.FirstOrDefault(h => h.ItemId == live?.ItemId) ?? heads.FirstOrDefault(h => !h.Archived);
    }

    /// <summary>"categoryMultipliers[0].percent" → "Input.CategoryMultipliers": the form edits the list as one field.</summary>
    private static string KeyFor(UserError error)
    {
        if (string.IsNullOrEmpty(error.Field) || error.Field == "id") return "";
        var top = error.Field.Split('[', '.')[0];
        return $"{nameof(Input)}.{char.ToUpperInvariant(top[0])}{top[1..]}";
    }
}
