using System.Globalization;
using Shop.Coupons.Models;
using Shop.Framework.Time;

namespace Shop.Coupons.Admin;

/// <summary>
/// The template edit form: flat fields a browser posts (comma-separated lists, channel
/// checkboxes, yuan amounts, merchant-local dates) mapped to and from the content model.
/// </summary>
public sealed class CouponTemplateForm
{
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string Kind { get; set; } = CouponKinds.ThresholdMinus;
    public decimal ThresholdYuan { get; set; }
    public decimal DiscountYuan { get; set; }
    public int PercentOff { get; set; }
    public decimal MaxDiscountYuan { get; set; }
    public string ScopeKind { get; set; } = CouponScopeKinds.All;
    public string? CategoryIds { get; set; }
    public string? Skus { get; set; }
    public string? ExcludedCategoryIds { get; set; }
    public string? ExcludedSkus { get; set; }
    public bool WithOtherCoupons { get; set; }
    public bool WithPoints { get; set; } = true;
    public string? ExclusiveGroup { get; set; }
    public string ValidityMode { get; set; } = ValidityModes.Relative;
    public string? ValidFrom { get; set; }
    public string? ValidUntil { get; set; }
    public int ValidDays { get; set; } = 7;
    public bool StartNextDay { get; set; }
    public string? ClaimFrom { get; set; }
    public string? ClaimUntil { get; set; }
    public long TotalQuantity { get; set; }
    public int PerMemberLimit { get; set; } = 1;
    public int TierMinimum { get; set; }
    public string? AudienceId { get; set; }
    public List<string> Channels { get; set; } = [CouponChannels.Claim];
    public decimal SpendGiftMinimumYuan { get; set; }
    public int TierUpgradeLevel { get; set; }

    private const string LocalFormat = "yyyy-MM-ddTHH:mm";

    public static CouponTemplateForm From(CouponTemplate t, MerchantCalendar calendar) => new()
    {
        Title = t.Title,
        Description = t.Description,
        Kind = t.Rules.Kind,
        ThresholdYuan = t.Rules.ThresholdFen / 100m,
        DiscountYuan = t.Rules.DiscountFen / 100m,
        PercentOff = t.Rules.PercentOff,
        MaxDiscountYuan = t.Rules.MaxDiscountFen / 100m,
        ScopeKind = t.Rules.Scope.Kind,
        CategoryIds = string.Join(", ", t.Rules.Scope.CategoryIds),
        Skus = string.Join(", ", t.Rules.Scope.Skus),
        ExcludedCategoryIds = string.Join(", ", t.Rules.Scope.ExcludedCategoryIds),
        ExcludedSkus = string.Join(", ", t.Rules.Scope.ExcludedSkus),
        WithOtherCoupons = t.Rules.Stacking.WithOtherCoupons,
        WithPoints = t.Rules.Stacking.WithPoints,
        ExclusiveGroup = t.Rules.Stacking.ExclusiveGroup,
        ValidityMode = t.Validity.Mode,
        ValidFrom = Local(t.Validity.From, calendar),
        ValidUntil = Local(t.Validity.Until, calendar),
        ValidDays = t.Validity.Days,
        StartNextDay = t.Validity.StartNextDay,
        ClaimFrom = Local(t.ClaimFrom, calendar),
        ClaimUntil = Local(t.ClaimUntil, calendar),
        TotalQuantity = t.TotalQuantity,
        PerMemberLimit = t.PerMemberLimit,
        TierMinimum = t.TierMinimum,
        AudienceId = t.AudienceId,
        Channels = [.. t.Channels],
        SpendGiftMinimumYuan = t.SpendGiftMinimumFen / 100m,
        TierUpgradeLevel = t.TierUpgradeLevel,
    };

    public CouponTemplate ToTemplate(MerchantCalendar calendar) => new()
    {
        Title = Title?.Trim() ?? "",
        Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        Rules = new CouponRules
        {
            Kind = Kind,
            ThresholdFen = Fen(ThresholdYuan),
            DiscountFen = Fen(DiscountYuan),
            PercentOff = PercentOff,
            MaxDiscountFen = Fen(MaxDiscountYuan),
            Scope = new CouponScope
            {
                Kind = ScopeKind, CategoryIds = List(CategoryIds), Skus = List(Skus),
                ExcludedCategoryIds = List(ExcludedCategoryIds), ExcludedSkus = List(ExcludedSkus),
            },
            Stacking = new CouponStacking
            {
                WithOtherCoupons = WithOtherCoupons, WithPoints = WithPoints,
                ExclusiveGroup = string.IsNullOrWhiteSpace(ExclusiveGroup) ? null : ExclusiveGroup.Trim(),
            },
        },
        Validity = new CouponValidity
        {
            Mode = ValidityMode, From = Instant(ValidFrom, calendar), Until = Instant(ValidUntil, calendar), Days = ValidDays, StartNextDay = StartNextDay,
        },
        ClaimFrom = Instant(ClaimFrom, calendar),
        ClaimUntil = Instant(ClaimUntil, calendar),
        TotalQuantity = TotalQuantity,
        PerMemberLimit = PerMemberLimit,
        TierMinimum = TierMinimum,
        AudienceId = string.IsNullOrWhiteSpace(AudienceId) ? null : AudienceId.Trim(),
        Channels = Channels.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct().ToList(),
        SpendGiftMinimumFen = Fen(SpendGiftMinimumYuan),
        TierUpgradeLevel = TierUpgradeLevel,
    };

    /// <summary>Maps a model error path to this form's field ("rules.thresholdFen" → "ThresholdYuan"); unknown paths go to the top.</summary>
    public static string FieldFor(string path) => path switch
    {
        "title" => nameof(Title),
        "description" => nameof(Description),
        "rules.kind" => nameof(Kind),
        "rules.thresholdFen" => nameof(ThresholdYuan),
        "rules.discountFen" => nameof(DiscountYuan),
        "rules.percentOff" => nameof(PercentOff),
        "rules.maxDiscountFen" => nameof(MaxDiscountYuan),
        "rules.scope.kind" => nameof(ScopeKind),
        "rules.scope.categoryIds" => nameof(CategoryIds),
        "rules.scope.skus" => nameof(Skus),
        "validity.mode" => nameof(ValidityMode),
        "validity.from" => nameof(ValidFrom),
        "validity.until" => nameof(ValidUntil),
        "validity.days" => nameof(ValidDays),
        "claimUntil" => nameof(ClaimUntil),
        "totalQuantity" => nameof(TotalQuantity),
        "perMemberLimit" => nameof(PerMemberLimit),
        "tierMinimum" => nameof(TierMinimum),
        "spendGiftMinimumFen" => nameof(SpendGiftMinimumYuan),
        _ when path.StartsWith("channels", StringComparison.Ordinal) => nameof(Channels),
        _ => "",
    };

    // An amount past what fen can count saturates, and the template's validator refuses it by name.
    private static long Fen(decimal yuan) =>
        Math.Abs(yuan) > long.MaxValue / 100m ? (yuan > 0 ? long.MaxValue : long.MinValue) : (long)Math.Round(yuan * 100m, MidpointRounding.AwayFromZero);

    private static List<string> List(string? text) =>
        (text ?? "").Split([',', '，', '\n', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    private static string? Local(DateTimeOffset? instant, MerchantCalendar calendar) =>
        instant is null ? null : TimeZoneInfo.ConvertTime(instant.Value, calendar.Zone).ToString(LocalFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset? Instant(string? local, MerchantCalendar calendar)
    {
        if (string.IsNullOrWhiteSpace(local) || !DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)) return null;
        var unspecified = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, calendar.Zone.GetUtcOffset(unspecified));
    }
}
