using Microsoft.AspNetCore.Mvc;
using Shop.CheckIn.Models;
using Shop.CheckIn.Services;

namespace Shop.CheckIn.Admin;

public sealed record CheckInMemberPanelModel(CheckInStatus Status, IReadOnlyList<CheckInRecord> Recent, DateOnly From, DateOnly To);

/// <summary>The check-in panel on the admin member page: streak, totals and the last 30 local days.</summary>
public sealed class CheckInMemberPanel(CheckInReader reader, CheckInStore store, CheckInPrograms programs) : ViewComponent
{
    public const int Days = 30;

    public async Task<IViewComponentResult> InvokeAsync(string memberId)
    {
        var status = (await reader.StatusAsync([memberId]))[memberId];
        var today = ((await programs.CurrentAsync())?.Calendar ?? programs.MerchantCalendar).Today();
        var from = today.AddDays(-(Days - 1));
        var recent = await store.RangeAsync(memberId, from, today);
        return View("/Admin/CheckIn/_MemberPanel.cshtml", new CheckInMemberPanelModel(status, recent.OrderByDescending(r => r.Date).ToList(), from, today));
    }
}
