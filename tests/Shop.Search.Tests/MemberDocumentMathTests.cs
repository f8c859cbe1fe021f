using Shop.CheckIn.Indexing;
using Shop.Coupons.Indexing;
using Shop.Members.Indexing;

namespace Shop.Search.Tests;

/// <summary>The small rules behind member document fields.</summary>
public sealed class MemberDocumentMathTests
{
    [Theory]
    [InlineData(0, 0, 0d)]    // no orders: 0, not a division by zero
    [InlineData(3, 0, 0d)]
    [InlineData(0, 4, 0d)]
    [InlineData(1, 4, 0.25d)]
    [InlineData(4, 5, 0.8d)]  // the "discount-driven" threshold
    [InlineData(5, 5, 1d)]
    [InlineData(6, 5, 1d)]    // counts read at different moments never make a share above 1
    public void Coupon_usage_share_is_coupon_orders_over_paid_orders(long couponOrders, long orders, double share) =>
        Assert.Equal(share, CouponUsage.Share(couponOrders, orders), 10);

    [Theory]
    [InlineData("2026-11-25", 4, 4)] // checked in today
    [InlineData("2026-11-24", 4, 4)] // yesterday: the run is alive until today ends
    [InlineData("2026-11-23", 4, 0)] // a whole day missed: the run is over
    [InlineData("2026-10-01", 9, 0)]
    public void The_streak_counts_while_the_last_check_in_is_today_or_yesterday(string lastDay, long streak, long expected) =>
        Assert.Equal(expected, CheckInStreaks.Current(DateOnly.Parse(lastDay), streak, new DateOnly(2026, 11, 25)));

    [Fact]
    public void A_streak_lapses_with_the_start_of_the_second_day_after_the_last_check_in() =>
        Assert.Equal(new DateOnly(2026, 11, 23), CheckInStreaks.LapsedWith(new DateOnly(2026, 11, 25)));

    [Theory]
    [InlineData("1990-05-17", 5L)]
    [InlineData("2000-12-31", 12L)]
    [InlineData(null, null)]
    [InlineData("05-17", null)] // only full dates are stored; anything else has no month
    public void Birthday_month_comes_from_the_stored_date(string? birthday, long? month) =>
        Assert.Equal(month, MemberDocumentSource.BirthdayMonth(birthday));

    [Theory]
    [InlineData(300, 3, 100)]
    [InlineData(100, 3, 33)]  // 33.3 fen
    [InlineData(200, 3, 67)]  // 66.7 fen: half up, in whole fen
    [InlineData(0, 0, 0)]
    public void The_average_order_is_whole_fen(long paidFen, long orders, long average) =>
        Assert.Equal(average, MemberDocumentSource.AverageFen(paidFen, orders));
}
