using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.CheckIn.Models;
using Shop.CheckIn.Services;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;

namespace Shop.CheckIn.Admin.CheckIn;

/// <summary>
/// /admin/checkin: the check-in programme as a form over its content item. Saving writes a
/// draft (the published version keeps serving); publishing makes the latest version live.
/// </summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ManageCheckIns)]
public sealed class IndexModel(ContentManager content, CheckInStore store, CheckInPrograms programs) : PageModel
{
    [BindProperty]
    public ProgramForm Input { get; set; } = new();

    /// <summary>The programme's editable head; null before the first save.</summary>
    public ContentItem? Head { get; private set; }

    public CheckInDayStats Today { get; private set; } = new();

    public string DefaultZone => programs.MerchantCalendar.Zone.Id;

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (Head is not null) Input = ProgramForm.From(Head.As<CheckInProgram>());
    }

    public Task<IActionResult> OnPostSaveAsync() => SaveAsync(publish: false);

    public Task<IActionResult> OnPostPublishAsync() => SaveAsync(publish: true);

    private async Task<IActionResult> SaveAsync(bool publish)
    {
        await LoadAsync();
        var (program, parseErrors) = Input.ToProgram();
        if (program is null) return Invalid(parseErrors);
        var actor = User.ActorName() ?? "staff";
        var saved = Head is null
            ? await content.CreateAsync(CheckInPrograms.ContentType, program, actor)
            : await content.UpdateAsync(CheckInPrograms.ContentType, Head.ItemId, program, actor);
        if (saved.Item is null) return Invalid(saved.Errors);
        if (publish)
        {
            var published = await content.PublishAsync(CheckInPrograms.ContentType, saved.Item.ItemId, actor);
            if (published.Item is null) return Invalid(published.Errors);
        }
        TempData["flash"] = publish ? $"Published version {saved.Item.Version}." : $"Saved draft version {saved.Item.Version}; the published version still applies.";
        return RedirectToPage("/Admin/CheckIn/Index");
    }

    private PageResult Invalid(IEnumerable<UserError> errors)
    {
        foreach (var error in errors)
        {
            var key = ProgramForm.KeyFor(error.Field);
            ModelState.AddModelError(key.Length == 0 ? "" : $"{nameof(Input)}.{key}", error.Field is null ? error.Message : $"{error.Field}: {error.Message}");
        }
        return Page();
    }

    private async Task LoadAsync()
    {
        var (heads, _) = await content.ListAsync(CheckInPrograms.ContentType, null, null, new PageRequest(1, null));
        Head = heads.FirstOrDefault(h => !h.Archived);
        var today = ((await programs.CurrentAsync())?.Calendar ?? programs.MerchantCalendar).Today();
        Today = await store.StatsAsync(today) with { Date = CheckInDates.Text(today) };
    }
}
