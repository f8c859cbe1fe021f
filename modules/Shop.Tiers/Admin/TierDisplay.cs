using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Shop.Framework.GraphQL;
using Shop.Framework.Time;
using Shop.Tiers.Models;

namespace Shop.Tiers.Admin;

/// <summary>How tier figures read on the admin pages.</summary>
public static class TierDisplay
{
    public static string Benefits(TierBenefits b)
    {
        var parts = new List<string>();
        if (b.DiscountPercent > 0) parts.Add($"{b.DiscountPercent}% off");
        if (b.PointsMultiplierPercent != 100) parts.Add($"points ×{(b.PointsMultiplierPercent / 100m).ToString("0.##", CultureInfo.InvariantCulture)}");
        if (b.FreeShipping) parts.Add("free shipping");
        if (b.UpgradeGiftPoints > 0) parts.Add($"{b.UpgradeGiftPoints:N0} points on reaching");
        if (b.BirthdayPoints > 0) parts.Add($"{b.BirthdayPoints:N0} birthday points");
        return parts.Count == 0 ? "—" : string.Join(", ", parts);
    }

    public static string Level(int level, IReadOnlyList<Tier> tiers) =>
        level == 0 ? "0 · none" : $"{level} · {tiers.FirstOrDefault(t => t.Level == level)?.Name ?? "(withdrawn)"}";

    /// <summary>An instant as the merchant's local time, the clock the merchant's staff read the log by.</summary>
    public static string Time(long unixMs, MerchantCalendar calendar) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), calendar.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
