using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.PointsMall.Models;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.Admin.Mall;

/// <summary>/admin/mall/rewards: every reward, newest first, with its status, stock left and units redeemed.</summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.View)]
public sealed class RewardsModel(ContentManager content, RewardStore store) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(ContentItem Item, Reward Reward, RewardRow? Stock);

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public string? NextAfter { get; private set; }
    public bool CanManage => User.HasPermission(Permissions.Manage);

    /// <summary>The head's state; a draft edit of a live reward says the published version still serves.</summary>
    public static string StatusText(Row row) =>
        !row.Item.Published && !row.Item.Archived && row.Stock is { Listed: true } ? "published · draft pending" : row.Item.Status.ToString().ToLowerInvariant();

    public async Task OnGetAsync()
    {
        var (items, total) = await content.ListAsync(RewardCatalog.ContentType, status: null, search: null, new PageRequest(PageSize, After));
        var page = items.Take(PageSize).ToList();
        var stock = await store.RowsAsync(page.Select(i => i.ItemId).ToArray());
        Rows = page.Select(i => new Row(i, i.As<Reward>(), stock.GetValueOrDefault(i.ItemId))).ToList();
        Total = total;
        NextAfter = items.Count > PageSize ? page[^1].ItemId : null;
    }

    public Task<IActionResult> OnPostPublishAsync(string id) => ActAsync(id, (c, i) => c.PublishAsync(RewardCatalog.ContentType, i, Actor), "Published");

    public Task<IActionResult> OnPostArchiveAsync(string id) => ActAsync(id, (c, i) => c.ArchiveAsync(RewardCatalog.ContentType, i, Actor), "Archived");

    private string Actor => User.ActorName() ?? "staff";

    private async Task<IActionResult> ActAsync(string id, Func<ContentManager, string, Task<Shop.Framework.Content.ContentResult>> action, string done)
    {
        if (!CanManage) return Forbid();
        var result = await action(content, id);
        if (result.Errors.Count == 0) TempData["flash"] = $"{done} {result.Item!.DisplayText}.";
        else TempData["flash-error"] = string.Join(" ", result.Errors.Select(e => e.Message));
        return RedirectToPage();
    }
}
