using System.Globalization;
using System.Text.RegularExpressions;

namespace Shop.Framework.Search;

/// <summary>
/// Turns the query model's string values into typed values by field type, the same way for
/// every provider, so a rule means the same on Lucene and Elasticsearch. Dates accept an
/// ISO-8601 instant, a date (yyyy-MM-dd, midnight UTC here; callers that know whose calendar
/// the date is on turn it into that local day's bounds first, see <see cref="IsDay"/>),
/// unix milliseconds, or a relative instant <c>now</c>, <c>now-180d</c>, <c>now+2h</c>,
/// <c>now-30m</c> resolved against the caller's clock (providers resolve before sending, so
/// Elasticsearch gets absolute milliseconds).
/// </summary>
public static partial class SearchValues
{
    public static long ParseLong(SearchField field, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw Bad(field, value, "a whole number");

    public static double ParseDouble(SearchField field, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v : throw Bad(field, value, "a number");

    public static bool ParseBool(SearchField field, string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw Bad(field, value, "true or false"),
    };

    /// <summary>Unix milliseconds for a date value (see the type's remarks for accepted forms).</summary>
    public static long ParseDate(SearchField field, string value, DateTimeOffset now)
    {
        var text = value.Trim();
        var relative = RelativeDate().Match(text);
        if (relative.Success)
        {
            var at = now;
            if (relative.Groups["n"].Success)
            {
                var n = long.Parse(relative.Groups["n"].Value, CultureInfo.InvariantCulture) * (relative.Groups["sign"].Value == "-" ? -1 : 1);
                try
                {
                    at = relative.Groups["unit"].Value switch
                    {
                        "d" => now.AddDays(n),
                        "h" => now.AddHours(n),
                        _ => now.AddMinutes(n),
                    };
                }
                catch (ArgumentOutOfRangeException)
                {
                    // now-800000d is before year 1: a value the field cannot hold, not a server fault.
                    throw Bad(field, value, "a relative date between the years 1 and 9999");
                }
            }
            return at.ToUnixTimeMilliseconds();
        }
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)) return ms;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return instant.ToUnixTimeMilliseconds();
        throw Bad(field, value, "an ISO-8601 date or instant, unix milliseconds, or now±N(d|h|m)");
    }

    /// <summary>A bare calendar date (yyyy-MM-dd), which means a whole day in someone's time zone rather than an instant.</summary>
    public static bool IsDay(string value, out DateOnly day) =>
        DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>Checks a value fits the field (throws <see cref="SearchQueryException"/>) and returns it typed.</summary>
    public static object Parse(SearchField field, string value, DateTimeOffset now) => field.Type switch
    {
        SearchFieldType.Long => ParseLong(field, value),
        SearchFieldType.Double => ParseDouble(field, value),
        SearchFieldType.Date => ParseDate(field, value, now),
        SearchFieldType.Bool => ParseBool(field, value),
        _ => value,
    };

    private static SearchQueryException Bad(SearchField field, string value, string expected) =>
        new($"'{value}' is not a valid value for field '{field.Name}' ({field.Type}): expected {expected}.");

    [GeneratedRegex(@"^now(?:(?<sign>[+-])(?<n>\d{1,6})(?<unit>[dhm]))?$")]
    private static partial Regex RelativeDate();
}
