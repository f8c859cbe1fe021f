namespace Shop.Tiers.Services;

/// <summary>Why a level changed, as logged and as carried by <see cref="Events.TierChanged"/>.</summary>
public static class TierChangeReasons
{
    public const string Upgrade = "upgrade";
    public const string ReviewDowngrade = "review_downgrade";
    public const string Admin = "admin";
}

public static class TierErrorCodes
{
    public const string InsufficientGrowth = "INSUFFICIENT_GROWTH";
}
