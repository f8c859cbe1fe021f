using Shop.Coupons.Models;
using Shop.Framework.Time;

namespace Shop.Coupons.Services;

/// <summary>The rules of issuing that need no database: channel, claim window, validity.</summary>
public static class CouponIssueRules
{
    /// <summary>Null when the template may issue through <paramref name="channel"/> at <paramref name="nowMs"/>; else an error code and message.</summary>
    public static (string Code, string Message)? Refusal(CouponTemplate template, string channel, long nowMs)
    {
        if (!template.Channels.Contains(channel))
            return (CouponErrorCodes.NotAvailable, $"This coupon is not issued through {channel}.");
        if (channel == CouponChannels.Claim)
        {
            if (template.ClaimFrom is { } from && nowMs < from.ToUnixTimeMilliseconds())
                return (CouponErrorCodes.NotAvailable, "Claiming has not started yet.");
            if (template.ClaimUntil is { } until && nowMs >= until.ToUnixTimeMilliseconds())
                return (CouponErrorCodes.NotAvailable, "Claiming has ended.");
        }
        if (template.Validity.Mode == ValidityModes.Fixed && template.Validity.Until is { } end && nowMs >= end.ToUnixTimeMilliseconds())
            return (CouponErrorCodes.NotAvailable, "This coupon's validity has ended.");
        return null;
    }

    /// <summary>
    /// When a coupon issued at <paramref name="issuedAt"/> is valid, as [from, until). Relative
    /// validity counts merchant-local days: 7 days from a Monday 10:00 claim run to the next
    /// Monday 00:00; starting the next day, to the Tuesday after.
    /// </summary>
    public static (long From, long Until) ValidityFor(CouponValidity validity, long issuedAt, MerchantCalendar calendar)
    {
        if (validity.Mode == ValidityModes.Fixed)
            return (validity.From!.Value.ToUnixTimeMilliseconds(), validity.Until!.Value.ToUnixTimeMilliseconds());
        var firstDay = calendar.DateOf(issuedAt);
        if (validity.StartNextDay) firstDay = firstDay.AddDays(1);
        var from = validity.StartNextDay ? calendar.StartOf(firstDay) : issuedAt;
        return (from, calendar.StartOf(firstDay.AddDays(validity.Days)));
    }
}

public static class CouponErrorCodes
{
    public const string NotAvailable = "NOT_AVAILABLE";
    public const string OutOfStock = "OUT_OF_STOCK";
    public const string LimitReached = "LIMIT_REACHED";
    public const string NotEligible = "NOT_ELIGIBLE";
    public const string Expired = "EXPIRED";
}
