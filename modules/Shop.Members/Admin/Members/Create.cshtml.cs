using Shop.Framework.Admin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Auth;
using Shop.Members.Models;
using Shop.Members.Services;

namespace Shop.Members.Admin.Members;

/// <summary>/admin/members/new: staff add a member by hand (registration channel "admin").</summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ManageMembers)]
public sealed class CreateModel(MemberService members) : PageModel
{
    [BindProperty]
    public MemberForm Input { get; set; } = new();

    /// <summary>Posted, never rendered back: a failed form asks for the number again.</summary>
    [BindProperty]
    public string? Phone { get; set; }

    public bool PhoneWasEntered { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var input = new MemberInput(Input.DisplayName, Phone, Input.Birthday, Input.Gender, Input.City, RegistrationChannel: null);
        var result = await members.CreateAsync(input);
        if (result.Errors.Count > 0)
        {
            FormErrors.Add(ModelState, result.Errors.Where(e => e.Field != "phone"), nameof(Input));
            foreach (var error in result.Errors.Where(e => e.Field == "phone")) ModelState.AddModelError(nameof(Phone), error.Message);
            PhoneWasEntered = !string.IsNullOrWhiteSpace(Phone);
            Phone = null;
            return Page();
        }
        TempData["flash"] = $"Added {result.Member!.DisplayName}.";
        return RedirectToPage("/Admin/Members/Detail", new { id = result.Member.Id });
    }
}
