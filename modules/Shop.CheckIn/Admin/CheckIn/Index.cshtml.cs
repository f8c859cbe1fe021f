using Shop.Framework.Admin;
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
public sealed class IndexModel(ContentManager content, CheckInStore store, CheckInPrograms programs) : PageModel, IRedisplayForm
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

    public async Task<IActionResult> RedisplayAsync()
    {
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync() => SaveAsync(publish: false);

    public Task<IActionResult> OnPostPublishAsync() => SaveAsync(publish: true);

    private async Task<IActionResult> SaveAsync(bool publish)
    {
        var (program, parseErrors) = Input.ToProgram();
        if (program is null) return await InvalidAsync(parseErrors);
        var saved = await content.SaveInForceAsync(CheckInPrograms.ContentType, program, User.ActorName() ?? "staff", publish);
        if (saved.Item is null) return await InvalidAsync(saved.Errors);
        TempData["flash"] = publish ? $"Published version {saved.Item.Version}." : $"Saved draft version {saved.Item.Version}; the published version still applies.";
        return RedirectToPage("/Admin/CheckIn/Index");
    }

    private async Task<PageResult> InvalidAsync(IEnumerable<UserError> errors)
    {
        await LoadAsync();
        FormErrors.Add(ModelState, errors, nameof(Input), ProgramForm.KeyFor);
        return Page();
    }

    private async Task LoadAsync()
    {
        Head = await content.InForceHeadAsync(CheckInPrograms.ContentType);
        var today = ((await programs.CurrentAsync())?.Calendar ?? programs.MerchantCalendar).Today();
        Today = await store.StatsAsync(today) with { Date = CheckInDates.Text(today) };
    }
}
