using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Coupons.Models;
using Shop.Coupons.Services;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.Admin.Coupons;

/// <summary>
/// /admin/coupons/{id}/issued: a template's coupons with counts by state, a push to listed
/// members and voiding. The push form carries a key made when the page was rendered, so a
/// double submit issues nothing twice.
/// </summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ViewCoupons)]
public sealed class IssuedModel(ContentManager content, CouponStore store, CouponStats stats, CouponAdminService admin) : PageModel
{
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public CouponTemplate? Template { get; private set; }
    public TemplateStats Stats { get; private set; } = null!;
    public IReadOnlyList<Coupon> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public string? NextAfter { get; private set; }
    public string PushKey { get; } = Guid.NewGuid().ToString("N");
    public bool CanManage => User.HasPermission(Permissions.ManageCoupons);

    public async Task<IActionResult> OnGetAsync()
    {
        var item = await content.GetAsync(CouponTemplates.ContentType, Id, latest: true);
        if (item is null) return NotFound();
        Template = item.As<CouponTemplate>();
        Stats = await stats.ForTemplateAsync(Id);
        var status = CouponStatuses.All.Contains(Status) ? Status : null;
        var page = new PageRequest(PageSize, After);
        var (rows, total) = await store.ListForTemplateAsync(Id, status, page);
        Rows = rows.Take(PageSize).ToList();
        NextAfter = rows.Count > PageSize ? Rows[^1].Id : null;
        Total = total;
        return Page();
    }

    public async Task<IActionResult> OnPostPushAsync(string memberIds, string pushKey)
    {
        if (!CanManage) return Forbid();
        var ids = (memberIds ?? "").Split([',', '\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = await admin.PushAsync(Id, ids, pushKey, User.ActorName() ?? "staff");
        TempData["flash"] = result.Errors.Count > 0
            ? string.Join(" ", result.Errors.Select(e => e.Message))
            : $"Issued {result.Issued.Count}." + (result.Failed.Count == 0 ? "" : $" Not issued: {string.Join(", ", result.Failed.Select(f => $"{f.MemberId} ({f.Code})"))}.");
        return RedirectToPage(new { Id });
    }

    public async Task<IActionResult> OnPostVoidAsync(string couponId, string reason)
    {
        if (!CanManage) return Forbid();
        var result = await admin.VoidAsync(couponId, reason, User.ActorName() ?? "staff");
        TempData["flash"] = result.Errors.Count > 0 ? string.Join(" ", result.Errors.Select(e => e.Message)) : $"Voided {result.Coupon!.Code}.";
        return RedirectToPage(new { Id });
    }
}
