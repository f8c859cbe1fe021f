using Shop.Framework.Admin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Auth;
using Shop.Members.Models;
using Shop.Members.Admin;
using Shop.Members.Services;

namespace Shop.Members.Admin.Members;

/// <summary>/admin/members/{id}: the profile (phone masked), its sign-in identities, and the edit form.</summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ViewMembers)]
public sealed class DetailModel(MemberService members, IEnumerable<MemberPageSection> sections) : PageModel
{
    public Member Member { get; private set; } = null!;
    public IReadOnlyList<MemberIdentity> Identities { get; private set; } = [];

    [BindProperty]
    public MemberForm Input { get; set; } = new();

    /// <summary>Panels other modules contribute, those this user may see, in order.</summary>
    public IReadOnlyList<MemberPageSection> Sections => sections.Where(s => User.HasPermission(s.Permission)).OrderBy(s => s.Order).ToList();

    public bool CanManage => User.HasPermission(Permissions.ManageMembers);

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Input = MemberForm.From(Member);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (!CanManage) return Forbid();
        var result = await members.UpdateAsync(id, Input.ToUpdate());
        if (result.Errors.Count > 0)
        {
            if (!await LoadAsync(id)) return NotFound();
            FormErrors.Add(ModelState, result.Errors, nameof(Input));
            return Page();
        }
        TempData["flash"] = $"Saved the changes to {result.Member!.DisplayName}.";
        return RedirectToPage("/Admin/Members/Detail", new { id });
    }

    private async Task<bool> LoadAsync(string id)
    {
        var member = await members.GetAsync(id);
        if (member is null) return false;
        Member = member;
        Identities = (await members.IdentitiesAsync([id])).GetValueOrDefault(id) ?? [];
        return true;
    }
}
