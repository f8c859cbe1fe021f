using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Audiences.Services;
using Shop.Framework.Auth;

namespace Shop.Audiences.Admin.Audiences;

/// <summary>
/// Manual tagging from the admin: the member page's panel (one member) and the audiences page's
/// bulk form (a pasted list of member ids). Both go through <see cref="MemberTagService"/>.
/// </summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ManageAudiences)]
public sealed class MemberTagsModel(MemberTagService tags) : PageModel
{
    public IActionResult OnGet() => Redirect("/admin/audiences");

    public Task<IActionResult> OnPostAddAsync(string memberId, string tag) => ChangeAsync([memberId], [tag], [], $"/admin/members/{memberId}");

    public Task<IActionResult> OnPostRemoveAsync(string memberId, string tag) => ChangeAsync([memberId], [], [tag], $"/admin/members/{memberId}");

    public Task<IActionResult> OnPostBulkAsync(string memberIds, string tag, string action)
    {
        var ids = (memberIds ?? "").Split([',', '\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return action == "remove" ? ChangeAsync(ids, [], [tag], "/admin/audiences") : ChangeAsync(ids, [tag], [], "/admin/audiences");
    }

    private async Task<IActionResult> ChangeAsync(IReadOnlyList<string> memberIds, IReadOnlyList<string> add, IReadOnlyList<string> remove, string back)
    {
        var result = await tags.ChangeAsync(memberIds, add, remove, User.ActorName() ?? "staff");
        if (result.Errors.Count > 0)
            TempData["flash-error"] = string.Join(" ", result.Errors.Select(e => e.Message));
        else
            TempData["flash"] = $"{(add.Count > 0 ? "Tagged" : "Untagged")} {result.Tags.Count} member(s); audiences see it once the index catches up.";
        return Redirect(back);
    }
}
