using Microsoft.AspNetCore.Mvc;
using Shop.Framework.GraphQL;
using Shop.Members.Models;
using Shop.Members.Services.Orders;

namespace Shop.Members.Admin.Members;

/// <summary>The member page's orders panel: the latest orders with what was refunded on each.</summary>
public sealed class MemberOrdersViewComponent(OrderStore orders) : ViewComponent
{
    public const int Shown = 20;

    public sealed record Row(Order Order, long RefundedFen);

    public sealed record Model(IReadOnlyList<Row> Rows, int Total);

    public async Task<IViewComponentResult> InvokeAsync(string memberId)
    {
        var (page, total) = await orders.ListByMemberAsync(memberId, new PageRequest(Shown, null));
        var shown = page.Take(Shown).ToList();
        var refunds = await orders.RefundsOfAsync(shown.Select(o => o.OrderId).ToList());
        var rows = shown.Select(o => new Row(o, (refunds.GetValueOrDefault(o.OrderId) ?? []).Sum(r => r.Lines.Sum(l => l.AmountFen)))).ToList();
        return View("/Admin/Members/_MemberOrders.cshtml", new Model(rows, total));
    }
}
