using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Shop.Theme.Admin.Admin;

/// <summary>Where the cookie handler sends a signed-in user who lacks a page's permission.</summary>
public sealed class DeniedModel : PageModel
{
    public void OnGet()
    {
    }
}
