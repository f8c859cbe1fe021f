using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Auth;
using Shop.Framework.Search;

namespace Shop.Theme.Admin.Admin;

/// <summary>/admin/search: every index's documents, queue lag and rebuild progress, and a Rebuild action.</summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + FrameworkPermissions.ManageSystem)]
public sealed class SearchModel(SearchStatusReader status, SearchCatalog catalog, SearchRebuilder rebuilder) : PageModel
{
    public IReadOnlyList<IndexStatus> Indexes { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public bool AnyRunning => Indexes.Any(i => i.RebuildState == SearchRebuilder.States.Running);

    public async Task OnGetAsync() => Indexes = await status.ReadAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostRebuildAsync(string index)
    {
        if (!catalog.Defines(index))
            Message = $"No enabled module defines the index '{index}'.";
        else if (!await rebuilder.TryClaimAsync(index, HttpContext.RequestAborted))
            Message = $"'{index}' is already being rebuilt.";
        else
        {
            rebuilder.RunInBackground(index);
            Message = $"Rebuilding '{index}'; queries use the current index until the new one is complete.";
        }
        return RedirectToPage();
    }
}
