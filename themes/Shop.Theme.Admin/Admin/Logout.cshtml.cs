using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Auth;

namespace Shop.Theme.Admin.Admin;

/// <summary>
/// Signing out is a POST (with the antiforgery token), so a link or image cannot sign anyone out.
/// Anonymous, unlike the rest of /Admin: someone whose role lacks Admin.Access must still be able to leave.
/// </summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<AdminUser> signIn) : PageModel
{
    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? Page() : Redirect("/admin/login");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/admin/login");
    }
}
