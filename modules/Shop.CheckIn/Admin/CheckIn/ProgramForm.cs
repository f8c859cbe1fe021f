using System.Globalization;
using Shop.CheckIn.Models;
using Shop.Framework.GraphQL;

namespace Shop.CheckIn.Admin.CheckIn;

/// <summary>
/// The programme as an HTML form. Reward schedules are edited as lines of
/// "day, points, growth" (streak) and "count, points, growth" (cumulative).
/// </summary>
public sealed class ProgramForm
{
    public string Title { get; set; } = "";
    public long BasePoints { get; set; }
    public long BaseGrowth { get; set; }
    public string StreakRewards { get; set; } = "";
    public int StreakRepeatDays { get; set; }
    public string CumulativeRewards { get; set; } = "";
    public string Cycle { get; set; } = CheckInCycles.Monthly;
    public bool MakeUpEnabled { get; set; }
    public int MakeUpMaxDaysBack { get; set; }
    public int MakeUpMaxPerCycle { get; set; }
    public long MakeUpCostPoints { get; set; }
    public string? TimeZone { get; set; }

    public static ProgramForm From(CheckInProgram p) => new()
    {
        Title = p.Title,
        BasePoints = p.BasePoints,
        BaseGrowth = p.BaseGrowth,
        StreakRewards = string.Join('\n', p.StreakRewards.OrderBy(r => r.Day).Select(r => Line(r.Day, r.Points, r.Growth))),
        StreakRepeatDays = p.StreakRepeatDays,
        CumulativeRewards = string.Join('\n', p.CumulativeRewards.OrderBy(r => r.Count).Select(r => Line(r.Count, r.Points, r.Growth))),
        Cycle = p.Cycle,
        MakeUpEnabled = p.MakeUp.Enabled,
        MakeUpMaxDaysBack = p.MakeUp.MaxDaysBack,
        MakeUpMaxPerCycle = p.MakeUp.MaxPerCycle,
        MakeUpCostPoints = p.MakeUp.CostPoints,
        TimeZone = p.TimeZone,
    };

    /// <summary>The model, or the lines that could not be read (as errors on their field).</summary>
    public (CheckInProgram? Program, IReadOnlyList<UserError> Errors) ToProgram()
    {
        var errors = new List<UserError>();
        var streaks = ParseLines(StreakRewards, "streakRewards", errors).Select(l => new StreakReward { Day = l.N, Points = l.Points, Growth = l.Growth }).ToList();
        var cumulative = ParseLines(CumulativeRewards, "cumulativeRewards", errors).Select(l => new CumulativeReward { Count = l.N, Points = l.Points, Growth = l.Growth }).ToList();
        if (errors.Count > 0) return (null, errors);
        return (new CheckInProgram
        {
            Title = Title.Trim(),
            BasePoints = BasePoints,
            BaseGrowth = BaseGrowth,
            StreakRewards = streaks,
            StreakRepeatDays = StreakRepeatDays,
            CumulativeRewards = cumulative,
            Cycle = Cycle,
            MakeUp = new MakeUpRules { Enabled = MakeUpEnabled, MaxDaysBack = MakeUpMaxDaysBack, MaxPerCycle = MakeUpMaxPerCycle, CostPoints = MakeUpCostPoints },
            TimeZone = string.IsNullOrWhiteSpace(TimeZone) ? null : TimeZone.Trim(),
        }, errors);
    }

    /// <summary>Form key for a content field path: "makeUp.maxDaysBack" → "MakeUpMaxDaysBack", "streakRewards[0].day" → "StreakRewards".</summary>
    public static string KeyFor(string? field)
    {
        if (string.IsNullOrEmpty(field)) return "";
        var head = field.Split('[')[0];
        var parts = head.Split('.');
        if (parts[0] != "makeUp") parts = [parts[0]];
        return string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static string Line(int n, long points, long growth) => $"{n}, {points}, {growth}";

    private static List<(int N, long Points, long Growth)> ParseLines(string? text, string field, List<UserError> errors)
    {
        var result = new List<(int, long, long)>();
        var lines = (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines)
        {
            var parts = line.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length is < 2 or > 3
                || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var points)
                || !TryGrowth(parts, out var growth))
            {
                errors.Add(new UserError(ErrorCodes.Validation, $"'{line}' is not \"number, points, growth\".", field));
                continue;
            }
            result.Add((n, points, growth));
        }
        return result;
    }

    private static bool TryGrowth(string[] parts, out long growth)
    {
        growth = 0;
        return parts.Length == 2 || long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out growth);
    }
}
