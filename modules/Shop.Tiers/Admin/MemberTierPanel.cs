using Microsoft.AspNetCore.Mvc;
using Shop.Framework.GraphQL;
using Shop.Framework.Time;
using Shop.Tiers.Models;
using Shop.Tiers.Services;

namespace Shop.Tiers.Admin;

/// <summary>The member page's tier panel: level, growth value and the latest level changes.</summary>
public sealed class MemberTierPanel(TierQueries queries, TierCatalog catalog, MerchantCalendar calendar) : ViewComponent
{
    private const int Changes = 20;

    public sealed record Model(MemberTierView Tier, IReadOnlyList<TierChange> Changes, int TotalChanges, IReadOnlyList<Tier> Tiers, MerchantCalendar Calendar);

    public async Task<IViewComponentResult> InvokeAsync(string memberId)
    {
        var tier = await queries.ViewAsync(memberId);
        var (changes, total) = await queries.ChangesAsync(memberId, new PageRequest(Changes, null));
        return View("/Admin/Tiers/_MemberTierPanel.cshtml", new Model(tier, changes.Take(Changes).ToList(), total, await catalog.TiersAsync(), calendar));
    }
}
