namespace Shop.Framework.Time;

/// <summary>
/// Calendar days in the merchant's time zone (<c>Shop:Merchant:TimeZone</c>, IANA id, default
/// Asia/Shanghai). Check-in days, daily and monthly caps and review periods are local days:
/// a member in Shanghai who checks in at 23:59 and 00:01 has checked in on two days, although
/// both instants fall on the same UTC date.
/// </summary>
public sealed class MerchantCalendar(TimeProvider clock, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The same clock seen from another zone, e.g. a programme's own setting.</summary>
    public MerchantCalendar In(TimeZoneInfo other) => other.Id == Zone.Id ? this : new MerchantCalendar(Clock, other);

    public DateOnly Today() => DateOf(Clock.GetUtcNow());

    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public DateOnly DateOf(long unixMs) => DateOf(DateTimeOffset.FromUnixTimeMilliseconds(unixMs));

    /// <summary>The UTC instant (unix ms) at which <paramref name="date"/> begins locally.</summary>
    public long StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A day that begins inside a DST gap starts at the first valid local time after it.
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        // A midnight that happens twice (clocks go back over it) begins the day at its first occurrence.
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUnixTimeMilliseconds();
    }

    /// <summary>Resolves an IANA (or Windows) zone id, with a message fit for a validation error.</summary>
    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id)) return false;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
