using System.Globalization;
using System.Text.Json;
using Shop.CheckIn.Services;

namespace Shop.CheckIn.Models;

/// <summary>One local day a member checked in (or made up). Dates are "yyyy-MM-dd" in the programme's zone.</summary>
public sealed record CheckInRecord
{
    public required string Id { get; init; }
    public required string MemberId { get; init; }
    public required string Date { get; init; }
    public required string Kind { get; init; }

    /// <summary>The run of consecutive days ending at this day; a later make-up that fills a gap before it raises it.</summary>
    public long Streak { get; init; }

    public long PointsAwarded { get; init; }
    public long GrowthAwarded { get; init; }

    /// <summary>Points paid for a make-up.</summary>
    public long CostPoints { get; init; }

    /// <summary>JSON array of <see cref="RewardLine"/>: how the award was made up.</summary>
    public required string Rewards { get; init; }

    public required string RuleVersion { get; init; }
    public required string IdempotencyKey { get; init; }
    public long CreatedAt { get; init; }

    public DateOnly Day => DateOnly.ParseExact(Date, CheckInDates.Format, CultureInfo.InvariantCulture);

    public IReadOnlyList<RewardLine> RewardLines => JsonSerializer.Deserialize<List<RewardLine>>(Rewards, CheckInDates.Json) ?? [];
}

public static class CheckInDates
{
    public const string Format = "yyyy-MM-dd";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Text(DateOnly day) => day.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
