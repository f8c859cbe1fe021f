using System.Globalization;
using Shop.Points.Models;

namespace Shop.Points.Admin.Points;

/// <summary>The programme as a form: lists are edited as text, one value (or "category=percent") per line.</summary>
public sealed class ProgramForm
{
    public string Name { get; set; } = "";
    public int PointsPerYuan { get; set; }
    public string Rounding { get; set; } = PointsRounding.Floor;
    public long MinimumOrderFen { get; set; }
    public string? ExcludedSkus { get; set; }
    public string? ExcludedCategoryIds { get; set; }
    public string? CategoryMultipliers { get; set; }
    public long DailyEarnCap { get; set; }
    public long MonthlyEarnCap { get; set; }
    public long RegistrationBonus { get; set; }
    public long BirthdayBonus { get; set; }
    public string ExpiryPolicy { get; set; } = PointsExpiryPolicies.Days;
    public int ExpiryDays { get; set; }
    public int FrozenDays { get; set; }
    public int DeductionPointsPerYuan { get; set; }
    public long DeductionStep { get; set; }
    public int DeductionMaxSharePercent { get; set; }
    public long DeductionMinimumBalance { get; set; }
    public string Clawback { get; set; } = PointsClawback.AllowNegative;

    public static ProgramForm From(PointsProgram p) => new()
    {
        Name = p.Name, PointsPerYuan = p.PointsPerYuan, Rounding = p.Rounding, MinimumOrderFen = p.MinimumOrderFen,
        ExcludedSkus = string.Join('\n', p.ExcludedSkus), ExcludedCategoryIds = string.Join('\n', p.ExcludedCategoryIds),
        CategoryMultipliers = string.Join('\n', p.CategoryMultipliers.Select(m => $"{m.CategoryId}={m.Percent}")),
        DailyEarnCap = p.DailyEarnCap, MonthlyEarnCap = p.MonthlyEarnCap, RegistrationBonus = p.RegistrationBonus, BirthdayBonus = p.BirthdayBonus,
        ExpiryPolicy = p.ExpiryPolicy, ExpiryDays = p.ExpiryDays, FrozenDays = p.FrozenDays, DeductionPointsPerYuan = p.DeductionPointsPerYuan,
        DeductionStep = p.DeductionStep, DeductionMaxSharePercent = p.DeductionMaxSharePercent, DeductionMinimumBalance = p.DeductionMinimumBalance,
        Clawback = p.Clawback,
    };

    /// <summary>A line that is not "category=percent" becomes a multiplier the validator rejects, so the error is shown, not swallowed.</summary>
    public PointsProgram ToModel() => new()
    {
        Name = Name.Trim(), PointsPerYuan = PointsPerYuan, Rounding = Rounding, MinimumOrderFen = MinimumOrderFen,
        ExcludedSkus = Lines(ExcludedSkus), ExcludedCategoryIds = Lines(ExcludedCategoryIds),
        CategoryMultipliers = Lines(CategoryMultipliers).Select(line =>
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            return new CategoryMultiplier
            {
                CategoryId = parts[0],
                Percent = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) ? percent : -1,
            };
        }).ToList(),
        DailyEarnCap = DailyEarnCap, MonthlyEarnCap = MonthlyEarnCap, RegistrationBonus = RegistrationBonus, BirthdayBonus = BirthdayBonus,
        ExpiryPolicy = ExpiryPolicy, ExpiryDays = ExpiryDays, FrozenDays = FrozenDays, DeductionPointsPerYuan = DeductionPointsPerYuan,
        DeductionStep = DeductionStep, DeductionMaxSharePercent = DeductionMaxSharePercent, DeductionMinimumBalance = DeductionMinimumBalance,
        Clawback = Clawback,
    };

    private static List<string> Lines(string? text) =>
        (text ?? "").Split(['\n', ',', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
