using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Framework.Time;
using Shop.PointsMall.Models;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.Admin.Mall;

/// <summary>
/// /admin/mall/redemptions: newest first, filtered by reward, status and member; ship, deliver
/// and cancel from the list, and the same filter as CSV. Filters are query-string parameters
/// (no personal data: ids and statuses only).
/// </summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.View)]
public sealed class RedemptionsModel(RedemptionStore store, FulfilmentService fulfilment, ContentManager content, MerchantCalendar calendar) : PageModel
{
    public const int PageSize = 50;
    private const int RewardChoices = 200;

    [BindProperty(SupportsGet = true)] public string? RewardId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? MemberId { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<Redemption> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public string? NextAfter { get; private set; }
    public IReadOnlyList<(string Id, string Title)> Rewards { get; private set; } = [];
    public bool CanManage => User.HasPermission(Permissions.Manage);
    public TimeZoneInfo Zone => calendar.Zone;
    public bool Filtered => Blank(RewardId) is not null || Blank(Status) is not null || Blank(MemberId) is not null;

    /// <summary>This list (or the CSV) with the current filters, from the given cursor.</summary>
    public string ListUrl(string path, string? after = null) => QueryHelpers.AddQueryString(path, new Dictionary<string, string?>
    {
        ["rewardId"] = Blank(RewardId), ["status"] = Blank(Status), ["memberId"] = Blank(MemberId), ["after"] = after,
    }.Where(p => p.Value is not null));

    public async Task OnGetAsync()
    {
        var (rows, total) = await store.ListAsync(new RedemptionFilter(Blank(RewardId), Blank(Status), Blank(MemberId)), new PageRequest(PageSize, Blank(After)));
        Rows = rows.Take(PageSize).ToList();
        Total = total;
        NextAfter = rows.Count > PageSize ? Rows[^1].Id : null;
        var (rewards, _) = await content.ListAsync(RewardCatalog.ContentType, null, null, new PageRequest(RewardChoices, null));
        Rewards = rewards.Select(i => (i.ItemId, i.As<Reward>().Title)).ToList();
    }

    public Task<IActionResult> OnPostShipAsync(string redemptionId, string? carrier, string? trackingNumber) =>
        ActAsync(() => fulfilment.ShipAsync(redemptionId, carrier, trackingNumber), "Shipped");

    public Task<IActionResult> OnPostDeliverAsync(string redemptionId) => ActAsync(() => fulfilment.DeliverAsync(redemptionId), "Delivered");

    public Task<IActionResult> OnPostCancelAsync(string redemptionId, string? reason, string? key) =>
        ActAsync(() => fulfilment.CancelAsync(redemptionId, reason, key), "Cancelled; points and stock returned for");

    private async Task<IActionResult> ActAsync(Func<Task<RedemptionResult>> action, string done)
    {
        if (!CanManage) return Forbid();
        var result = await action();
        if (result.Errors.Count == 0) TempData["flash"] = $"{done} {result.Redemption!.RewardTitle} ({result.Redemption.Id}).";
        else TempData["flash-error"] = string.Join(" ", result.Errors.Select(e => e.Message));
        return Redirect(ListUrl("/admin/mall/redemptions"));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
