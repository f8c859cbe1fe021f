using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Coupons.Models;
using Shop.Coupons.Services;
using Shop.Framework.Admin;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.Time;

namespace Shop.Coupons.Admin.Coupons;

/// <summary>
/// /admin/coupons/edit/{id?}: a template's editable head. Dates are entered in the merchant's
/// time zone and amounts in yuan; saving keeps a draft, "Save and publish" also publishes.
/// </summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ManageCoupons)]
public sealed class EditModel(ContentManager content, MerchantCalendar calendar) : PageModel, IRedisplayForm
{
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public CouponTemplateForm Input { get; set; } = new();

    public string ZoneName => calendar.Zone.Id;

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is null) return Page();
        var item = await content.GetAsync(CouponTemplates.ContentType, Id, latest: true);
        if (item is null) return NotFound();
        Input = CouponTemplateForm.From(item.As<CouponTemplate>(), calendar);
        return Page();
    }

    public Task<IActionResult> RedisplayAsync() => Task.FromResult<IActionResult>(Page());

    public Task<IActionResult> OnPostAsync() => SaveAsync(publish: false);

    public Task<IActionResult> OnPostPublishAsync() => SaveAsync(publish: true);

    private async Task<IActionResult> SaveAsync(bool publish)
    {
        var actor = User.ActorName() ?? "staff";
        var model = Input.ToTemplate(calendar);
        var saved = await content.SaveAsync(CouponTemplates.ContentType, Id, model, actor, publish);
        if (saved.Errors.Count > 0)
        {
            ModelState.Clear();
            FormErrors.Add(ModelState, saved.Errors, nameof(Input), CouponTemplateForm.FieldFor);
            Id ??= saved.Item?.ItemId;
            return Page();
        }
        TempData["flash"] = $"{(publish ? "Published" : "Saved draft of")} {saved.Item!.DisplayText}.";
        return Redirect("/admin/coupons");
    }
}
