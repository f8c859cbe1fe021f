using System.Globalization;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Time;
using Shop.PointsMall.Models;

namespace Shop.PointsMall.Services;

/// <summary>
/// What a member's redemption would meet, for the storefront's canRedeem/reason preview. The
/// redemption itself decides stock, limits and points with guarded updates, not from this.
/// </summary>
/// <param name="InAudience">Null when the audience index cannot answer now.</param>
/// <param name="StockLeft">Units a redemption could get: for a virtual reward no more than its free codes (<see cref="RewardRules.UnitsLeft"/>).</param>
/// <param name="CanIssueCoupons">Whether a coupon reward's coupon can be issued now: a coupons module is there and the template is offered to the mall.</param>
public sealed record RedeemSituation(long NowMs, int MemberLevel, bool? InAudience, long StockLeft, long RedeemedLife, long RedeemedToday, long Balance,
    bool CanIssueCoupons = true);

/// <summary>The pure rules of redeeming: window, who may, limits math, price and the counting day.</summary>
public static class RewardRules
{
    public const int MaxQuantity = 99;

    /// <summary>Period key of the lifetime count in <c>mall_member_counts</c>.</summary>
    public const string LifePeriod = "life";

    /// <summary>From inclusive, until exclusive; an open end is no bound.</summary>
    public static bool InWindow(Reward reward, long nowMs) =>
        (reward.AvailableFrom is null || reward.AvailableFrom.Value.ToUnixMs() <= nowMs)
        && (reward.AvailableUntil is null || nowMs < reward.AvailableUntil.Value.ToUnixMs());

    /// <summary>Open now and able to hand over what it is: NOT_AVAILABLE outside the window, or for a coupon reward whose coupon cannot be issued.</summary>
    public static bool Offered(Reward reward, long nowMs, bool canIssueCoupons) =>
        InWindow(reward, nowMs) && (reward.Kind != RewardKinds.Coupon || canIssueCoupons);

    /// <summary>Units a redemption could get: the stock, and for a virtual reward no more than its free codes (each unit takes one).</summary>
    public static long UnitsLeft(Reward reward, long stockLeft, long freeCodes) =>
        reward.Kind == RewardKinds.Virtual ? Math.Min(stockLeft, freeCodes) : stockLeft;

    /// <summary>
    /// NOT_ELIGIBLE below the tier minimum or outside the reward's audience; NOT_AVAILABLE when the
    /// audience index cannot say (<paramref name="inAudience"/> null): neither opened to everyone nor
    /// refused for good while it is down. Null when the member may.
    /// </summary>
    public static string? EligibilityRefusal(Reward reward, int memberLevel, bool? inAudience) =>
        memberLevel < reward.MinTierLevel ? MallErrorCodes.NotEligible
        : !HasAudience(reward) ? null
        : inAudience switch { true => null, false => MallErrorCodes.NotEligible, null => MallErrorCodes.NotAvailable };

    public static bool HasAudience(Reward reward) => !string.IsNullOrEmpty(reward.AudienceId);

    /// <summary>Whether <paramref name="quantity"/> more units stay within <paramref name="limit"/> (0 = no limit).</summary>
    public static bool WithinLimit(int limit, long used, int quantity) => limit <= 0 || used + quantity <= limit;

    /// <summary>The bound the guarded count update checks against: the limit, or no bound.</summary>
    public static long CountBound(int limit) => limit > 0 ? limit : long.MaxValue;

    public static string? LimitRefusal(Reward reward, long usedLife, long usedToday, int quantity) =>
        WithinLimit(reward.PerMemberLimit, usedLife, quantity) && WithinLimit(reward.PerMemberDailyLimit, usedToday, quantity)
            ? null : MallErrorCodes.LimitReached;

    /// <summary>Points for the quantity; the validator's bounds keep it far from overflow.</summary>
    public static long Price(Reward reward, int quantity) => checked(reward.PointsPrice * quantity);

    public static long Cash(Reward reward, int quantity) => checked(reward.CashFen * quantity);

    /// <summary>The merchant-local day a redemption at <paramref name="nowMs"/> counts on for the daily limit.</summary>
    public static string CountingDay(MerchantCalendar calendar, long nowMs) =>
        calendar.DateOf(nowMs).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The first reason the member could not redeem <paramref name="quantity"/> now, in the order a
    /// member can act on it: not now, not for you, none left, your limit, your points. Null: can redeem.
    /// </summary>
    public static string? Refusal(Reward reward, RedeemSituation s, int quantity = 1)
    {
        if (!Offered(reward, s.NowMs, s.CanIssueCoupons)) return MallErrorCodes.NotAvailable;
        if (EligibilityRefusal(reward, s.MemberLevel, s.InAudience) is { } notEligible) return notEligible;
        if (s.StockLeft < quantity) return MallErrorCodes.OutOfStock;
        if (LimitRefusal(reward, s.RedeemedLife, s.RedeemedToday, quantity) is { } limit) return limit;
        if (s.Balance < Price(reward, quantity)) return MallErrorCodes.InsufficientPoints;
        return null;
    }

    /// <summary>Input checks shared by the redemption and its GraphQL input: a quantity and a key.</summary>
    public static UserError? InputError(int quantity, string? idempotencyKey)
    {
        if (quantity is < 1 or > MaxQuantity)
            return new UserError(ErrorCodes.Validation, $"quantity must be 1 to {MaxQuantity}.", "quantity");
        return KeyError(idempotencyKey);
    }

    public static UserError? KeyError(string? idempotencyKey, string field = "idempotencyKey") =>
        string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 100
            ? new UserError(ErrorCodes.Validation, $"{field} must be 1 to 100 characters.", field)
            : null;
}
