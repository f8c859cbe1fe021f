using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Shop.Theme.Admin.Admin;

/// <summary>
/// Target of <c>UseExceptionHandler("/admin/error")</c> outside Development. Anonymous and free of
/// antiforgery checks: the handler re-runs whatever request failed, a POST included.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string RequestId => Activity.Current?.Id ?? HttpContext.TraceIdentifier;

    public void OnGet()
    {
    }

    public void OnPost()
    {
    }
}
