using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Audiences.Models;
using Shop.Audiences.Services;
using Shop.Coupons.Models;
using Shop.Coupons.Services;
using Shop.Framework.Admin;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Framework.Privacy;
using Shop.Framework.Search;

namespace Shop.Audiences.Admin.Audiences;

/// <summary>
/// /admin/audiences/edit/{id?}: the rule builder. Every edit asks <see cref="OnPostPreviewAsync"/>
/// for the live count and a sample; saving keeps a draft, "Save and publish" also publishes.
/// A published audience can be sent a coupon, with the push's progress below.
/// </summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ManageAudiences)]
public sealed class EditModel(ContentManager content, AudienceCatalog catalog, AudienceQueries queries, AudienceJobService jobService,
    AudienceJobStore jobs, CouponTemplates templates) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public AudienceForm Input { get; set; } = new();

    public ContentItem? Item { get; private set; }
    public IReadOnlyList<SearchField> Fields { get; private set; } = [];
    public IReadOnlyList<PublishedTemplate> PushableTemplates { get; private set; } = [];
    public IReadOnlyList<AudienceJob> Jobs { get; private set; } = [];
    public string PushKey { get; } = Guid.NewGuid().ToString("N");

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is not null)
        {
            Item = await content.GetAsync(AudienceCatalog.AudienceType, Id, latest: true);
            if (Item is null) return NotFound();
            Input = AudienceForm.From(Item.As<Audience>());
        }
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostAsync() => SaveAsync(publish: false);

    public Task<IActionResult> OnPostPublishAsync() => SaveAsync(publish: true);

    /// <summary>The live count: JSON for the page's script.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        try
        {
            // Staff who may not see members get the count without the sample of profiles.
            var preview = await queries.PreviewAsync(Input.ToRule(), User.HasPermission(Shop.Members.Permissions.ViewMembers) ? 5 : 0, ct);
            return new JsonResult(new
            {
                count = preview.Count,
                sample = preview.Sample.Select(m => new { id = m.Id, name = m.DisplayName, phone = PhoneMask.Mask(m.Phone) }),
                errors = preview.Errors.Select(e => new { field = e.Field is null ? null : AudienceForm.FieldFor(e.Field), message = e.Message }),
            });
        }
        catch (SearchUnavailableException e)
        {
            return new JsonResult(new { count = (long?)null, sample = Array.Empty<object>(), errors = new[] { new { field = (string?)null, message = e.Message } } });
        }
    }

    public async Task<IActionResult> OnPostPushAsync(string templateId, string pushKey, CancellationToken ct)
    {
        var result = await jobService.IssueCouponsAsync(templateId, Id ?? "", pushKey, User.ActorName() ?? "staff", ct);
        TempData["flash"] = result.Errors.Count > 0 ? string.Join(" ", result.Errors.Select(e => e.Message)) : $"Coupon push {result.Job!.Id} queued for {result.Job.Total:N0} members.";
        return Redirect($"/admin/audiences/edit/{Id}");
    }

    private async Task<IActionResult> SaveAsync(bool publish)
    {
        var actor = User.ActorName() ?? "staff";
        var model = Input.ToAudience();
        var saved = await content.SaveAsync(AudienceCatalog.AudienceType, Id, model, actor, publish);
        if (saved.Errors.Count > 0)
        {
            ModelState.Clear();
            FormErrors.Add(ModelState, saved.Errors, nameof(Input), AudienceForm.FieldFor);
            Id ??= saved.Item?.ItemId;
            await LoadAsync();
            return Page();
        }
        TempData["flash"] = $"{(publish ? "Published" : "Saved draft of")} {saved.Item!.DisplayText}.";
        return Redirect($"/admin/audiences/edit/{saved.Item!.ItemId}");
    }

    private async Task LoadAsync()
    {
        Fields = catalog.MemberIndex.Fields.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        PushableTemplates = await templates.WithChannelAsync(CouponChannels.Audience);
        if (Id is not null) Jobs = (await jobs.ListAsync(Id, new PageRequest(20, null))).Rows.Take(20).ToList();
        if (Input.Conditions.Count == 0) Input.Conditions.Add(new AudienceForm.ConditionRow());
    }
}
