namespace Shop.Points.Models;

/// <summary>
/// The merchant's points rules (content type <c>pointsProgram</c>). The most recently published
/// item is the programme; with none published, <see cref="PointsProgram.Default"/> applies.
/// Every entry a rule produces records the content version it came from.
/// </summary>
public sealed class PointsProgram
{
    public string Name { get; set; } = "Points programme";

    /// <summary>Points earned per yuan of cash paid (before multipliers).</summary>
    public int PointsPerYuan { get; set; } = 1;

    /// <summary>
    /// How a line's fractional points become whole: <c>floor</c> (default, never over-awards),
    /// <c>round</c> (half away from zero) or <c>ceil</c>. Applied once per order line, after
    /// every multiplier, so a refund of that line reverses exactly what it earned.
    /// </summary>
    public string Rounding { get; set; } = PointsRounding.Floor;

    /// <summary>Orders whose goods cash is below this earn nothing.</summary>
    public long MinimumOrderFen { get; set; }

    public List<string> ExcludedSkus { get; set; } = [];

    /// <summary>A line in any of these categories earns nothing.</summary>
    public List<string> ExcludedCategoryIds { get; set; } = [];

    /// <summary>A line in several listed categories uses the highest multiplier.</summary>
    public List<CategoryMultiplier> CategoryMultipliers { get; set; } = [];

    /// <summary>Most points a member earns from orders per merchant-local day; 0 = no cap.</summary>
    public long DailyEarnCap { get; set; }

    /// <summary>Most points a member earns from orders per merchant-local month; 0 = no cap.</summary>
    public long MonthlyEarnCap { get; set; }

    public long RegistrationBonus { get; set; }

    /// <summary>Granted once a year on the member's birthday (merchant-local day).</summary>
    public long BirthdayBonus { get; set; }

    /// <summary>
    /// <c>days</c>: valid through the local end of the day <see cref="ExpiryDays"/> after earning;
    /// <c>endOfMonth</c> / <c>endOfYear</c>: through the local end of the month / year earned;
    /// <c>never</c>.
    /// </summary>
    public string ExpiryPolicy { get; set; } = PointsExpiryPolicies.Days;

    public int ExpiryDays { get; set; } = 365;

    /// <summary>The after-sales window: order points stay pending until paid time + this many days.</summary>
    public int FrozenDays { get; set; } = 7;

    /// <summary>Checkout exchange rate: this many points pay one yuan.</summary>
    public int DeductionPointsPerYuan { get; set; } = 100;

    /// <summary>Points used at checkout must be a multiple of this.</summary>
    public long DeductionStep { get; set; } = 100;

    /// <summary>Most of an order's goods value (cash + points value) that points may pay, in percent.</summary>
    public int DeductionMaxSharePercent { get; set; } = 50;

    /// <summary>A member needs at least this balance to use points at checkout.</summary>
    public long DeductionMinimumBalance { get; set; }

    /// <summary>
    /// When a refund reverses earned points that were already spent: <c>allowNegative</c> takes
    /// the balance below zero (later points pay the debt first); <c>capAtZero</c> stops at zero and
    /// records the rest as the account's shortfall.
    /// </summary>
    public string Clawback { get; set; } = PointsClawback.AllowNegative;

    public static PointsProgram Default => new();
}

public sealed class CategoryMultiplier
{
    public string CategoryId { get; set; } = "";

    /// <summary>100 = ×1, 200 = ×2.</summary>
    public int Percent { get; set; } = 100;
}

public static class PointsRounding
{
    public const string Floor = "floor";
    public const string Round = "round";
    public const string Ceil = "ceil";
    public static readonly string[] All = [Floor, Round, Ceil];
}

public static class PointsExpiryPolicies
{
    public const string Days = "days";
    public const string EndOfMonth = "endOfMonth";
    public const string EndOfYear = "endOfYear";
    public const string Never = "never";
    public static readonly string[] All = [Days, EndOfMonth, EndOfYear, Never];
}

public static class PointsClawback
{
    public const string AllowNegative = "allowNegative";
    public const string CapAtZero = "capAtZero";
    public static readonly string[] All = [AllowNegative, CapAtZero];
}
