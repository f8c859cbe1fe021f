namespace Shop.Coupons.Indexing;

/// <summary>How much of a member's buying happens with a coupon: the "discount-driven" signal.</summary>
public static class CouponUsage
{
    /// <summary>
    /// Orders that used a coupon over paid orders, 0 without orders. Capped at 1: a coupon is
    /// only marked used when its order is paid, so more would mean the two counts were read at
    /// different moments, and the field's contract is a share (0..1).
    /// </summary>
    public static double Share(long couponOrders, long orderCount) =>
        orderCount <= 0 ? 0d : Math.Min(1d, (double)couponOrders / orderCount);
}
