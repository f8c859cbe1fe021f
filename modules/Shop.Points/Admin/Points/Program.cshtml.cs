using Shop.Framework.Admin;
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
public sealed class ProgramModel(ContentManager content, PointsProgramSource programs) : PageModel, IRedisplayForm
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

    public async Task<IActionResult> RedisplayAsync()
    {
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync() => SaveAsync(publish: false);

    public Task<IActionResult> OnPostPublishAsync() => SaveAsync(publish: true);

    private async Task<IActionResult> SaveAsync(bool publish)
    {
        var saved = await content.SaveInForceAsync(PointsProgramSource.ContentType, Input.ToModel(), User.ActorName() ?? "staff", publish);
        if (saved.Errors.Count > 0)
        {
            await LoadAsync();
            // The form edits each list as one field: "categoryMultipliers[0].percent" → "CategoryMultipliers".
            FormErrors.Add(ModelState, saved.Errors, nameof(Input), field => FormErrors.PascalPath(field.Split('[', '.')[0]));
            return Page();
        }
        TempData["flash"] = publish ? "Published: the programme applies from now on." : "Draft saved; publish it to apply it.";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        PublishedVersionId = (await programs.CurrentItemAsync())?.VersionId;
        Head = await content.InForceHeadAsync(PointsProgramSource.ContentType);
    }
}
