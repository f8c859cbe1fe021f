namespace Shop.Framework.Search;

/// <summary>
/// Field names of the <see cref="SearchIndexes.Members"/> document. Each module contributes the
/// fields whose data it owns; audience rules and tag rules are written against these names, so
/// they are a contract like a GraphQL field.
/// </summary>
public static class MemberIndexFields
{
    // Shop.Members: profile and order statistics (paid orders; refunds counted separately).
    public const string DisplayName = "display_name";
    public const string RegisteredAt = "registered_at";
    public const string Channel = "channel";
    public const string City = "city";
    public const string Gender = "gender";
    public const string BirthdayMonth = "birthday_month";
    public const string TotalPaidFen = "total_paid_fen";
    public const string OrderCount = "order_count";
    public const string AverageOrderFen = "avg_order_fen";
    public const string LargestOrderFen = "max_order_fen";
    public const string FirstOrderAt = "first_order_at";
    public const string LastOrderAt = "last_order_at";
    public const string RefundCount = "refund_count";

    // Shop.Points.
    public const string PointsBalance = "points_balance";

    // Shop.Tiers.
    public const string TierLevel = "tier_level";
    public const string GrowthValue = "growth_value";

    // Shop.CheckIn.
    public const string LastCheckInAt = "last_checkin_at";
    public const string Streak = "streak";

    // Shop.Coupons: orders that used a coupon, and their share of paid orders (0..1).
    public const string CouponOrders = "coupon_orders";
    public const string CouponUsageShare = "coupon_usage_share";

    // Shop.Audiences.
    public const string Tags = "tags";
    public const string RecencyScore = "rfm_r";
    public const string FrequencyScore = "rfm_f";
    public const string MonetaryScore = "rfm_m";
    public const string RfmSegment = "rfm_segment";

    // Shop.Distribution (when it exists).
    public const string Distributor = "distributor";
}
