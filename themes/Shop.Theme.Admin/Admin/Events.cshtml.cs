using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Auth;
using Shop.Framework.Events;

namespace Shop.Theme.Admin.Admin;

/// <summary>/admin/events: domain events a handler keeps failing on, the last error, and Retry now.</summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + FrameworkPermissions.ManageSystem)]
public sealed class EventsModel(OutboxMonitor monitor) : PageModel
{
    public OutboxHealth Health { get; private set; } = new(0, 0, []);

    public async Task OnGetAsync() => Health = await monitor.StatusAsync();

    public async Task<IActionResult> OnPostRetryAsync(string id)
    {
        if (await monitor.RetryNowAsync(id)) TempData["flash"] = $"Event {id} will be tried again at the next dispatch (within seconds).";
        else TempData["flash-error"] = $"No undelivered event '{id}': it may have been delivered meanwhile.";
        return RedirectToPage();
    }
}
