using System.Text.Json;
using Shop.Framework.Content;

namespace Shop.Coupons.Models;

/// <summary>
/// An issued coupon. It carries a copy of the rules and validity it was issued under, so editing
/// the template later never changes coupons already in members' hands.
/// </summary>
public sealed class Coupon
{
    public string Id { get; set; } = "";
    public string Code { get; set; } = "";
    public string TemplateId { get; set; } = "";
    public string TemplateVersion { get; set; } = "";
    public string MemberId { get; set; } = "";
    public string Title { get; set; } = "";
    public string Rules { get; set; } = "";
    public string Channel { get; set; } = "";
    public string? SourceId { get; set; }
    public string Status { get; set; } = CouponStatuses.Available;
    public long ValidFrom { get; set; }
    public long ValidUntil { get; set; }
    public string? OrderId { get; set; }
    public long IssuedAt { get; set; }
    public long StatusAt { get; set; }
    public string? VoidReason { get; set; }
    public string? Actor { get; set; }
    public string IdempotencyKey { get; set; } = "";

    private CouponRules? _rules;

    public CouponRules ParsedRules => _rules ??= JsonSerializer.Deserialize<CouponRules>(Rules, ContentJson.Options)!;

    /// <summary>An available coupon past its validity is expired even before the expiry task has marked it.</summary>
    public string EffectiveStatus(long nowMs) => Status == CouponStatuses.Available && nowMs >= ValidUntil ? CouponStatuses.Expired : Status;
}
