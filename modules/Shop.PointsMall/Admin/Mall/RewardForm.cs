using System.Globalization;
using Shop.Framework.GraphQL;
using Shop.PointsMall.Models;

namespace Shop.PointsMall.Admin.Mall;

/// <summary>
/// A reward as an HTML form: the window as merchant-local "yyyy-MM-ddTHH:mm" (datetime-local
/// inputs), image URLs one per line.
/// </summary>
public sealed class RewardForm
{
    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string Kind { get; set; } = RewardKinds.Goods;
    public string? CouponTemplateId { get; set; }
    public long PointsPrice { get; set; }
    public long CashFen { get; set; }
    public long InitialStock { get; set; }
    public int PerMemberLimit { get; set; }
    public int PerMemberDailyLimit { get; set; }
    public string? AvailableFrom { get; set; }
    public string? AvailableUntil { get; set; }
    public int MinTierLevel { get; set; }
    public string? AudienceId { get; set; }
    public string? Category { get; set; }
    public string? ImageUrls { get; set; }

    public static RewardForm From(Reward r, TimeZoneInfo zone) => new()
    {
        Title = r.Title,
        Description = r.Description,
        Kind = r.Kind,
        CouponTemplateId = r.CouponTemplateId,
        PointsPrice = r.PointsPrice,
        CashFen = r.CashFen,
        InitialStock = r.InitialStock,
        PerMemberLimit = r.PerMemberLimit,
        PerMemberDailyLimit = r.PerMemberDailyLimit,
        AvailableFrom = Local(r.AvailableFrom, zone),
        AvailableUntil = Local(r.AvailableUntil, zone),
        MinTierLevel = r.MinTierLevel,
        AudienceId = r.AudienceId,
        Category = r.Category,
        ImageUrls = string.Join('\n', r.ImageUrls),
    };

    /// <summary>The model, or the fields that could not be read (as errors on their field).</summary>
    public (Reward? Reward, IReadOnlyList<UserError> Errors) ToReward(TimeZoneInfo zone)
    {
        var errors = new List<UserError>();
        var from = Instant(AvailableFrom, zone, "availableFrom", errors);
        var until = Instant(AvailableUntil, zone, "availableUntil", errors);
        if (errors.Count > 0) return (null, errors);
        return (new Reward
        {
            Title = Title.Trim(),
            Description = Blank(Description),
            Kind = Kind,
            CouponTemplateId = Kind == RewardKinds.Coupon ? Blank(CouponTemplateId) : null,
            PointsPrice = PointsPrice,
            CashFen = CashFen,
            InitialStock = InitialStock,
            PerMemberLimit = PerMemberLimit,
            PerMemberDailyLimit = PerMemberDailyLimit,
            AvailableFrom = from,
            AvailableUntil = until,
            MinTierLevel = MinTierLevel,
            AudienceId = Blank(AudienceId),
            Category = Blank(Category),
            ImageUrls = (ImageUrls ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList(),
        }, errors);
    }

    /// <summary>Form key for a content field path: "imageUrls[0]" → "ImageUrls".</summary>
    public static string KeyFor(string field) => FormErrorsKey(field.Split('[')[0]);

    private static string FormErrorsKey(string name) => name.Length == 0 ? "" : char.ToUpperInvariant(name[0]) + name[1..];

    private static string? Local(DateTimeOffset? instant, TimeZoneInfo zone) =>
        instant is { } i ? TimeZoneInfo.ConvertTime(i, zone).ToString(LocalFormat, CultureInfo.InvariantCulture) : null;

    private static DateTimeOffset? Instant(string? text, TimeZoneInfo zone, string field, List<UserError> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!DateTime.TryParseExact(text.Trim(), [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            errors.Add(new UserError(ErrorCodes.Validation, $"'{text}' is not a local date and time (yyyy-MM-ddTHH:mm).", field));
            return null;
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
