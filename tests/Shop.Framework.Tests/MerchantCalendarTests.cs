using Microsoft.Extensions.Time.Testing;
using Shop.Framework.Time;

namespace Shop.Framework.Tests;

public class MerchantCalendarTests
{
    private static MerchantCalendar At(string utc, string zone = "Asia/Shanghai")
    {
        Assert.True(MerchantCalendar.TryFindZone(zone, out var tz));
        return new MerchantCalendar(new FakeTimeProvider(DateTimeOffset.Parse(utc)), tz);
    }

    [Theory]
    [InlineData("2026-11-23T15:59:59Z", "2026-11-23")] // 23:59:59 in Asia/Shanghai
    [InlineData("2026-11-23T16:00:00Z", "2026-11-24")] // midnight in Asia/Shanghai
    [InlineData("2026-12-31T16:00:00Z", "2027-01-01")] // the new year starts 8 hours before UTC's
    public void Today_is_the_merchants_local_day(string utc, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), At(utc).Today());

    [Theory]
    [InlineData("Asia/Shanghai", "2026-11-24", "2026-11-23T16:00:00Z")]
    [InlineData("America/New_York", "2026-03-08", "2026-03-08T05:00:00Z")] // DST starts at 02:00 that day
    [InlineData("America/New_York", "2026-03-09", "2026-03-09T04:00:00Z")]
    [InlineData("America/Havana", "2026-11-01", "2026-11-01T04:00:00Z")] // clocks go back from 01:00 to 00:00: the day starts at the first midnight
    [InlineData("America/Havana", "2026-11-02", "2026-11-02T05:00:00Z")]
    public void A_local_day_starts_at_local_midnight(string zone, string date, string expectedUtc) =>
        Assert.Equal(DateTimeOffset.Parse(expectedUtc).ToUnixTimeMilliseconds(), At("2026-01-01T00:00:00Z", zone).StartOf(DateOnly.Parse(date)));

    [Fact]
    public void Unknown_zones_are_reported_not_thrown() =>
        Assert.False(MerchantCalendar.TryFindZone("Mars/Olympus", out _));
}
