using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using Shop.Framework.Auth;

namespace Shop.Theme.Admin.Admin;

/// <summary>Staff sign-in with ASP.NET Core Identity (anonymous by convention in Program.cs).</summary>
public sealed class LoginModel(SignInManager<AdminUser> signIn, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    /// <summary>Where to go after signing in; only local URLs are followed (no open redirect).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet()
    {
        if (User.HasPermission(FrameworkPermissions.AccessAdmin)) return LocalRedirect(SafeReturnUrl);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // Checked here rather than by attributes: across the admin, ModelState errors before a
        // handler runs are values that did not bind (BindingErrorsStopHandlers).
        if (string.IsNullOrWhiteSpace(Input.Email)) ModelState.AddModelError("Input.Email", "Enter your email.");
        else if (!new EmailAddressAttribute().IsValid(Input.Email.Trim())) ModelState.AddModelError("Input.Email", "Enter an email address like name@example.com.");
        if (string.IsNullOrEmpty(Input.Password)) ModelState.AddModelError("Input.Password", "Enter your password.");
        if (!ModelState.IsValid) return Page();

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(SafeReturnUrl);

        // The same message for an unknown email and a wrong password, so the form does not
        // tell anyone which staff emails exist.
        Error = result.IsLockedOut
            ? "This account is locked after too many failed sign-ins. Try again in a few minutes."
            : result.IsNotAllowed
                ? "This account is not allowed to sign in."
                : "The email or password is not right.";
        if (result.IsLockedOut) logger.LogWarning("Admin sign-in refused: account locked out");
        Input.Password = "";
        return Page();
    }

    private string SafeReturnUrl => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/admin";

    public sealed class LoginInput
    {
        public string Email { get; set; } = "";

        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }
}
