using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Shop.Framework.Time;
using Shop.PointsMall.Models;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.Admin;

/// <summary>
/// GET /admin/mall/redemptions.csv?rewardId=&amp;status=&amp;memberId=: the filtered redemptions
/// for a spreadsheet, streamed in batches. Personal data stops at the member id and display
/// name: no phone, no codes. Times are merchant-local; lines end in CRLF (RFC 4180).
/// </summary>
public static class RedemptionsCsv
{
    public const string Path = "/admin/mall/redemptions.csv";

    private static readonly string[] Header =
    [
        "redemption_id", "created_at", "member_id", "member_name", "reward_id", "reward_title", "kind", "quantity",
        "points_spent", "cash_fen", "status", "carrier", "tracking_number", "shipped_at", "delivered_at", "cancelled_at", "cancel_reason",
    ];

    public static async Task WriteAsync(HttpContext http, RedemptionStore store, MerchantCalendar calendar, string? rewardId, string? status, string? memberId)
    {
        if (!string.IsNullOrWhiteSpace(status) && !RedemptionStatuses.All.Contains(status.Trim()))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync($"status must be one of: {string.Join(", ", RedemptionStatuses.All)}.");
            return;
        }
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"redemptions-{calendar.Today():yyyy-MM-dd}.csv\"";
        // A byte-order mark so spreadsheet programs read the Chinese titles and names as UTF-8.
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', Header));
        var zone = calendar.Zone;
        await foreach (var r in store.AllAsync(new RedemptionFilter(rewardId, status, memberId)).WithCancellation(http.RequestAborted))
        {
            await writer.WriteLineAsync(string.Join(',', new[]
            {
                r.Id, MallDisplay.Time(r.CreatedAt, zone), r.MemberId, r.MemberDisplayName, r.RewardId, r.RewardTitle, r.Kind, r.Quantity.ToString(CultureInfo.InvariantCulture),
                r.PointsSpent.ToString(CultureInfo.InvariantCulture), r.CashFen.ToString(CultureInfo.InvariantCulture), r.Status, r.Carrier, r.TrackingNumber, MallDisplay.Time(r.ShippedAt, zone),
                MallDisplay.Time(r.DeliveredAt, zone), MallDisplay.Time(r.CancelledAt, zone), r.CancelReason,
            }.Select(Cell)));
        }
    }

    /// <summary>
    /// Quotes what needs quoting, and defuses text a spreadsheet would run as a formula
    /// (=, +, -, @ at the start) with a leading apostrophe.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
