using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Admin;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Framework.Time;
using Shop.PointsMall.Models;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.Admin.Mall;

/// <summary>
/// /admin/mall/rewards/edit/{id?}: a reward's editable head. Saving keeps a draft (the published
/// version keeps serving); "Save and publish" makes it live. Once published, stock is adjusted
/// here (idempotent on the form's key) and a virtual reward's codes are uploaded.
/// </summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.Manage)]
public sealed class RewardEditModel(ContentManager content, StockService stock, MerchantCalendar calendar) : PageModel, IRedisplayForm
{
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public RewardForm Input { get; set; } = new();

    [BindProperty]
    public StockAdjustForm Adjust { get; set; } = new();

    [BindProperty]
    public string? Codes { get; set; }

    public ContentItem? Item { get; private set; }
    public RewardStock? Stock { get; private set; }
    public string ZoneId => calendar.Zone.Id;

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is null) return Page();
        if (!await LoadAsync()) return NotFound();
        Input = RewardForm.From(Item!.As<Reward>(), calendar.Zone);
        return Page();
    }

    public async Task<IActionResult> RedisplayAsync()
    {
        if (Id is not null && !await LoadAsync()) return NotFound();
        return Page();
    }

    public Task<IActionResult> OnPostAsync() => SaveAsync(publish: false);

    public Task<IActionResult> OnPostPublishAsync() => SaveAsync(publish: true);

    public async Task<IActionResult> OnPostAdjustAsync()
    {
        if (Id is null) return NotFound();
        var result = await stock.AdjustAsync(Id, Adjust.Delta, Adjust.Reason, Adjust.Key, User.ActorName() ?? "staff");
        return Done(result.Errors, () => $"Stock is now {MallDisplay.Number(result.Stock!.StockLeft)}.");
    }

    public async Task<IActionResult> OnPostCodesAsync()
    {
        if (Id is null) return NotFound();
        var result = await stock.UploadCodesAsync(Id, (Codes ?? "").Split('\n'));
        return Done(result.Errors, () => $"Added {result.Added} codes ({result.Duplicates} duplicates skipped); {MallDisplay.Number(result.Available)} free.");
    }

    private IActionResult Done(IReadOnlyList<UserError> errors, Func<string> success)
    {
        if (errors.Count == 0) TempData["flash"] = success();
        else TempData["flash-error"] = string.Join(" ", errors.Select(e => e.Message));
        return Redirect($"/admin/mall/rewards/edit/{Uri.EscapeDataString(Id!)}");
    }

    private async Task<IActionResult> SaveAsync(bool publish)
    {
        var actor = User.ActorName() ?? "staff";
        var (reward, parseErrors) = Input.ToReward(calendar.Zone);
        if (reward is null) return await InvalidAsync(parseErrors);
        var saved = await content.SaveAsync(RewardCatalog.ContentType, Id, reward, actor, publish);
        if (saved.Errors.Count > 0)
        {
            Id ??= saved.Item?.ItemId;
            return await InvalidAsync(saved.Errors);
        }
        TempData["flash"] = $"{(publish ? "Published" : "Saved draft of")} {saved.Item!.DisplayText}.";
        return Redirect("/admin/mall/rewards");
    }

    private async Task<PageResult> InvalidAsync(IEnumerable<UserError> errors)
    {
        if (Id is not null) await LoadAsync();
        ModelState.Clear();
        FormErrors.Add(ModelState, errors, nameof(Input), RewardForm.KeyFor);
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        Item = await content.GetAsync(RewardCatalog.ContentType, Id!, latest: true);
        if (Item is null) return false;
        Stock = await stock.StockAsync(Id!);
        Adjust = new StockAdjustForm { Key = Guid.NewGuid().ToString("N") };
        return true;
    }
}

/// <summary>The stock adjustment form; its key is minted when the page renders, so a double submit adjusts once.</summary>
public sealed class StockAdjustForm
{
    public long Delta { get; set; }
    public string? Reason { get; set; }
    public string? Key { get; set; }
}
