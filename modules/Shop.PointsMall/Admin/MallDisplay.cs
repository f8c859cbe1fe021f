using System.Globalization;
using Shop.Framework.Data;
using Shop.PointsMall.Models;

namespace Shop.PointsMall.Admin;

/// <summary>How mall figures read on the admin pages and in the CSV export.</summary>
public static class MallDisplay
{
    /// <summary>An instant as merchant-local time, e.g. "2026-11-23 18:05".</summary>
    public static string Time(long unixMs, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(Instant.FromUnixMs(unixMs), zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Time(long? unixMs, TimeZoneInfo zone) => unixMs is { } ms ? Time(ms, zone) : "";

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Kind(string kind) => kind switch
    {
        RewardKinds.Goods => "Goods",
        RewardKinds.Coupon => "Coupon",
        RewardKinds.Virtual => "Virtual code",
        _ => kind,
    };

    /// <summary>What a merchant can still do with a redemption, for the actions column.</summary>
    public static bool CanShip(Redemption r) => r.Kind == RewardKinds.Goods && r.Status is RedemptionStatuses.Pending or RedemptionStatuses.Shipped;

    public static bool CanDeliver(Redemption r) => r.Status == RedemptionStatuses.Shipped;

    public static bool CanCancel(Redemption r) => Services.FulfilmentService.CancelRefusal(r) is null;
}
