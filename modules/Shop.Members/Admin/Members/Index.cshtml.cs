using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Framework.Auth;
using Shop.Framework.GraphQL;
using Shop.Framework.Privacy;
using Shop.Members.Models;
using Shop.Members.Services;

namespace Shop.Members.Admin.Members;

/// <summary>
/// /admin/members: newest first, 50 a page with a keyset cursor (<c>after</c> = last row's id).
/// Name and channel filters are query-string parameters; a phone search is a POST, so the
/// number never lands in a URL (history, proxy and access logs) and is never echoed back.
/// </summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ViewMembers)]
public sealed class IndexModel(MemberService members) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>Bound from the POSTed form only.</summary>
    [BindProperty]
    public string? Phone { get; set; }

    public IReadOnlyList<Member> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public string? NextAfter { get; private set; }

    /// <summary>The searched phone, masked, to say what the list is filtered by.</summary>
    public string? PhoneSearched { get; private set; }

    public bool CanManage => User.HasPermission(Permissions.ManageMembers);
    public bool Filtered => PhoneSearched is not null || !string.IsNullOrWhiteSpace(Name) || !string.IsNullOrWhiteSpace(Channel);

    public string Summary
    {
        get
        {
            var count = $"{Total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} {(Total == 1 ? "member" : "members")}";
            if (PhoneSearched is not null) return $"{count} with phone {PhoneSearched}";
            return Filtered ? $"{count} match the filters" : $"{count} in total";
        }
    }

    /// <summary>This list with the current name and channel filters, from the given cursor.</summary>
    public string PageUrl(string? after)
    {
        var query = new Dictionary<string, string?>
        {
            ["name"] = NullIfBlank(Name),
            ["channel"] = NullIfBlank(Channel),
            ["after"] = after,
        }.Where(p => p.Value is not null);
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/members", query);
    }

    public Task OnGetAsync() => LoadAsync(phone: null);

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Phone))
            return RedirectToPage(new { name = NullIfBlank(Name), channel = NullIfBlank(Channel) });
        var phone = MemberRules.NormalizePhone(Phone) ?? Phone.Trim();
        PhoneSearched = PhoneMask.Mask(phone);
        // A phone matches at most one member, so this result never needs a next page.
        After = null;
        await LoadAsync(phone);
        Phone = null;
        ModelState.Clear();
        return Page();
    }

    private async Task LoadAsync(string? phone)
    {
        var (rows, total) = await members.ListAsync(new MemberFilter(phone, NullIfBlank(Name), NullIfBlank(Channel)), new PageRequest(PageSize, NullIfBlank(After)));
        // The service returns up to one row more than asked for: that row only says "there is more".
        Rows = rows.Take(PageSize).ToList();
        Total = total;
        NextAfter = rows.Count > PageSize ? Rows[^1].Id : null;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
