using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Coupons.Models;
using Shop.Coupons.Services;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.Admin.Coupons;

/// <summary>/admin/coupons: coupon templates with their status, terms and how many were issued.</summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ViewCoupons)]
public sealed class IndexModel(ContentManager content, CouponStore store) : PageModel
{
    private const int PageSize = 100;

    public sealed record Row(ContentItem Item, CouponTemplate Template, TemplateStock? Stock);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public bool CanManage => User.HasPermission(Permissions.ManageCoupons);

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    public async Task OnGetAsync()
    {
        var (items, total) = await content.ListAsync(CouponTemplates.ContentType, status: null, Search, new PageRequest(PageSize, null));
        var stocks = await store.StocksAsync(items.Select(i => i.ItemId).ToList());
        Rows = items.Select(i => new Row(i, i.As<CouponTemplate>(), stocks.GetValueOrDefault(i.ItemId))).ToList();
        Total = total;
    }

    public Task<IActionResult> OnPostPublishAsync(string id) => ActAsync(id, (c, i, a) => c.PublishAsync(CouponTemplates.ContentType, i, a), "Published");

    public Task<IActionResult> OnPostArchiveAsync(string id) => ActAsync(id, (c, i, a) => c.ArchiveAsync(CouponTemplates.ContentType, i, a), "Archived");

    private async Task<IActionResult> ActAsync(string id, Func<ContentManager, string, string, Task<Shop.Framework.Content.ContentResult>> action, string done)
    {
        if (!CanManage) return Forbid();
        var result = await action(content, id, User.ActorName() ?? "staff");
        TempData["flash"] = result.Errors.Count == 0 ? $"{done} {result.Item!.DisplayText}." : string.Join(" ", result.Errors.Select(e => e.Message));
        return RedirectToPage();
    }
}
