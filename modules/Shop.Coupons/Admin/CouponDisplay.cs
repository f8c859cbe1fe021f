using System.Globalization;
using Shop.Coupons.Models;

namespace Shop.Coupons.Admin;

/// <summary>Short texts for coupon terms in admin lists.</summary>
public static class CouponDisplay
{
    public static string Yuan(long fen) => "¥" + (fen / 100m).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Terms(CouponRules r) => r.Kind switch
    {
        CouponKinds.ThresholdMinus => $"{Yuan(r.DiscountFen)} off from {Yuan(r.ThresholdFen)}",
        CouponKinds.Cash => $"{Yuan(r.DiscountFen)} off",
        CouponKinds.PercentOff => $"{r.PercentOff}% off" + (r.ThresholdFen > 0 ? $" from {Yuan(r.ThresholdFen)}" : "") + (r.MaxDiscountFen > 0 ? $", at most {Yuan(r.MaxDiscountFen)}" : ""),
        CouponKinds.FreeShipping => "Free shipping" + (r.ThresholdFen > 0 ? $" from {Yuan(r.ThresholdFen)}" : ""),
        _ => r.Kind,
    } + (r.Scope.Kind == CouponScopeKinds.All ? "" : $" · {r.Scope.Kind}");

    public static string Validity(CouponValidity v) => v.Mode == ValidityModes.Fixed
        ? $"{v.From:yyyy-MM-dd} – {v.Until:yyyy-MM-dd}"
        : $"{v.Days} days{(v.StartNextDay ? " from the next day" : "")}";
}
