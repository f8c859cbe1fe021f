namespace Shop.Coupons.Models;

public static class CouponChannels
{
    public const string Claim = "claim";
    public const string Registration = "registration";
    public const string Spend = "spend";
    public const string TierUpgrade = "tierUpgrade";
    public const string Push = "push";
    public const string Audience = "audience";
    public const string Mall = "mall";

    public static readonly string[] All = [Claim, Registration, Spend, TierUpgrade, Push, Audience, Mall];
}

public static class CouponStatuses
{
    public const string Available = "available";
    public const string Reserved = "reserved";
    public const string Used = "used";
    public const string Expired = "expired";
    public const string Voided = "voided";

    public static readonly string[] All = [Available, Reserved, Used, Expired, Voided];
}
