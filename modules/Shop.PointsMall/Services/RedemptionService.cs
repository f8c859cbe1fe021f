using Shop.Coupons.Models;
using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.Services;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Time;
using Shop.PointsMall.Models;
using Shop.Points.Services;

namespace Shop.PointsMall.Services;

/// <summary>
/// Redeeming a reward. One transaction spends the points, counts the member's limits, hands over
/// the coupon or code and takes the stock, or does none of it. Every counter moves by a guarded
/// update; the unique (member, key) index makes a replay, even a concurrent one, return the first
/// redemption. Stock is taken last so the one row every redeemer shares is held for the shortest time.
/// </summary>
public sealed class RedemptionService(RedemptionStore redemptions, RewardStore rewards, RewardCatalog catalog, ListedRewardVersions listed, MemberCountStore counts,
    CodePool codes, IPointsLedger points, MemberFacts members, MerchantCalendar calendar, IServiceProvider services, TimeProvider clock)
{
    public const string SourceType = "mall.redemption";

    /// <summary>The points ledger key of a redemption's spend; a cancel returns the spend found by it.</summary>
    public static string SpendKey(string redemptionId) => $"mall:{redemptionId}";

    public async Task<RedemptionResult> RedeemAsync(string? memberId, string? rewardId, int quantity, string? idempotencyKey, CancellationToken ct = default)
    {
        if (memberId is null) return RedemptionResult.Fail(ErrorCodes.Unauthenticated);
        if (RewardRules.InputError(quantity, idempotencyKey) is { } inputError) return RedemptionResult.Fail([inputError]);
        if (string.IsNullOrWhiteSpace(rewardId)) return RedemptionResult.Fail(ErrorCodes.NotFound, "rewardId");

        // The first try may go by the version this process knew; a listing changed since (a publish
        // or an archive on another node, found by the stock take) is tried again from the database.
        // Slices found busy by a take that went with the commit are tried again a moment later.
        var changes = 0;
        for (var busy = 0; ;)
        {
            var attempt = await TryRedeemAsync(memberId, rewardId, quantity, idempotencyKey!, fromDatabase: changes > 0, ct);
            if (attempt.Result is { } result) return result;
            if (attempt.Again == StockTake.ListingChanged && ++changes == MaxListingChanges)
                return await ReplayOrFailAsync(memberId, idempotencyKey!, rewardId, quantity, MallErrors.Of(MallErrorCodes.NotAvailable, "rewardId",
                    "This reward was changing while you redeemed it. Please try again."));
            if (attempt.Again == StockTake.Busy) await Task.Delay(StockSlices.Backoff(busy++), ct);
        }
    }

    /// <summary>A known version, then twice from the database: only a merchant publishing again and again could use them all.</summary>
    private const int MaxListingChanges = 3;

    /// <summary>A try's answer, or why it wrote nothing and should be made again: the listing changed, or the slices were busy.</summary>
    private readonly record struct Attempt(RedemptionResult? Result, StockTake? Again = null);

    private async Task<Attempt> TryRedeemAsync(string memberId, string rewardId, int quantity, string key, bool fromDatabase, CancellationToken ct)
    {
        // The happy path does not look the key up first: the insert in the transaction finds a
        // replay. A refusal before it does, so a replay still gets its first redemption when the
        // reward has since sold out, closed or been archived.
        var known = fromDatabase ? null : listed.VersionOf(rewardId);
        var row = known is null ? await rewards.RowAsync(rewardId) : null;
        if (row is not null) listed.Saw(row);
        if ((known is null && row is not { Listed: true }) || await catalog.ListingAsync(rewardId, known ?? row!.VersionId) is not { } listing)
            return new(await ReplayOrFailAsync(memberId, key, rewardId, quantity, ErrorCodes.NotFound));
        var now = clock.NowMs();
        // Before the key is looked up: a refusal here, even one only because the audience index
        // is down (NOT_AVAILABLE), still gives a replay its first redemption.
        if (await RefusalAsync(listing.Model, memberId, quantity, now, ct) is { } refusal)
            return new(await ReplayOrFailAsync(memberId, key, rewardId, quantity, refusal));
        // A plain read that turns most losers of a sold-out race away before they write; the guarded
        // updates still decide. A known version had stock when it was read (a sold-out one is never
        // known), so only the row just read is checked here. A virtual reward has no more units
        // than free codes: an empty pool is OUT_OF_STOCK here, before limits and points, as the
        // storefront's preview says.
        var freeCodes = listing.Model.Kind == RewardKinds.Virtual ? await codes.AvailableAsync(rewardId) : 0;
        if (RewardRules.UnitsLeft(listing.Model, row?.StockLeft ?? long.MaxValue, freeCodes) < quantity)
            return new(await ReplayOrFailAsync(memberId, key, rewardId, quantity, MallErrorCodes.OutOfStock));

        var redemption = NewRedemption(memberId, listing, quantity, key, now);
        try
        {
            return new(await redemptions.Db.InTransactionAsync(() => RedeemInTransactionAsync(redemption, listing.Model, ct), ct));
        }
        catch (MallRefused refused)
        {
            return new(RedemptionResult.Fail(refused.Errors));
        }
        catch (StockNotTaken notTaken)
        {
            var why = notTaken.Why ?? await rewards.WhyNotTakenAsync(rewardId, listing.VersionId, quantity);
            if (why == StockTake.Busy) return new(null, why);
            // Sold out, less left than asked, or no longer listed at this version: the next redeemer
            // here reads the row (turned away before writing, or redeeming at the version in force).
            listed.Forget(rewardId);
            return why == StockTake.ListingChanged ? new(null, why) : new(RedemptionResult.Fail(MallErrorCodes.OutOfStock, "rewardId"));
        }
        catch (KeyTaken)
        {
            // The key's first redemption committed before this one's insert got its turn.
            return new(Replay((await redemptions.ByKeyAsync(memberId, key))!, rewardId, quantity));
        }
    }

    private async Task<RedemptionResult> RedeemInTransactionAsync(Redemption redemption, Reward reward, CancellationToken ct)
    {
        // The insert is the key's lock: a concurrent replay waits at it (PostgreSQL) or queued before
        // the transaction (SQLite), then loses it and answers with the committed row. Neither it nor
        // the count is read back: their refusals roll back and are answered outside (on PostgreSQL
        // both travel with the points statement that follows).
        await redemptions.InsertOrThrowAsync(redemption, () => new KeyTaken());
        await counts.CountOrThrowAsync(redemption.RewardId, redemption.MemberId, redemption.LocalDay, redemption.Quantity,
            RewardRules.CountBound(reward.PerMemberLimit), RewardRules.CountBound(reward.PerMemberDailyLimit),
            () => new MallRefused(MallErrorCodes.LimitReached, "rewardId"));

        var spent = await points.SpendAsync(new PointsCharge(redemption.MemberId, redemption.PointsSpent, SourceType, redemption.Id,
            SpendKey(redemption.Id), $"Points mall: {redemption.RewardTitle} ×{redemption.Quantity}", FreshKey: true));
        if (!spent.Succeeded) throw new MallRefused(spent.Errors.Select(e => e with { Field = null }).ToList());

        var (couponIds, claimedCodes) = reward.Kind switch
        {
            RewardKinds.Coupon => (await IssueCouponsAsync(redemption, reward, ct), null),
            RewardKinds.Virtual => ((string?)null, await ClaimCodesAsync(redemption)),
            _ => (null, null),
        };

        if (couponIds is not null || claimedCodes is not null) await redemptions.SetHandedOverAsync(redemption.Id, couponIds, claimedCodes);

        // Last, so the row every redeemer of this reward shares is locked only until the commit that follows.
        await rewards.TakeOrThrowAsync(redemption.RewardId, redemption.RewardVersion, redemption.Quantity, ct);
        return RedemptionResult.Ok(redemption with { CouponIds = couponIds, Codes = claimedCodes });
    }

    /// <summary>Reward-level refusals known before writing: window, who may, a quantity above a limit, coupons not offered.</summary>
    private async Task<UserError?> RefusalAsync(Reward reward, string memberId, int quantity, long now, CancellationToken ct)
    {
        if (!RewardRules.Offered(reward, now, services.GetService<ICouponIssuer>() is not null)) return MallErrors.Of(MallErrorCodes.NotAvailable, "rewardId");
        if (await members.RefusalAsync(reward, memberId, ct) is { } notEligible) return notEligible;
        return RewardRules.LimitRefusal(reward, 0, 0, quantity) is { } limit ? MallErrors.Of(limit, "rewardId") : null;
    }

    /// <summary>One coupon per unit, each idempotent on its own key, in this transaction; any refusal rolls back the redemption.</summary>
    private async Task<string> IssueCouponsAsync(Redemption redemption, Reward reward, CancellationToken ct)
    {
        var issuer = services.GetRequiredService<ICouponIssuer>();
        var ids = new List<string>(redemption.Quantity);
        for (var unit = 0; unit < redemption.Quantity; unit++)
        {
            var issued = await issuer.IssueAsync(new CouponIssue(reward.CouponTemplateId!, redemption.MemberId, CouponChannels.Mall,
                $"{SpendKey(redemption.Id)}:coupon:{unit}", redemption.Id), ct);
            if (!issued.Succeeded) throw new MallRefused(issued.Errors.Select(CouponError).ToList());
            ids.Add(issued.Coupon!.Id);
        }
        return string.Join(',', ids);
    }

    /// <summary>The issuer's NOT_FOUND is about the template, not the reward the member asked for.</summary>
    private static UserError CouponError(UserError e) => e.Code == ErrorCodes.NotFound
        ? MallErrors.Of(MallErrorCodes.NotAvailable, "rewardId", "The coupon of this reward is no longer offered.")
        : e with { Field = "rewardId", Message = "Coupon: " + e.Message };

    private async Task<string> ClaimCodesAsync(Redemption redemption)
    {
        var claimed = new List<string>(redemption.Quantity);
        for (var unit = 0; unit < redemption.Quantity; unit++)
            claimed.Add(await codes.TryClaimAsync(redemption.RewardId, redemption.Id, redemption.MemberId)
                ?? throw new MallRefused(MallErrorCodes.OutOfStock, "rewardId", "No codes of this reward are left."));
        return string.Join('\n', claimed);
    }

    private Task<RedemptionResult> ReplayOrFailAsync(string memberId, string key, string rewardId, int quantity, string code) =>
        ReplayOrFailAsync(memberId, key, rewardId, quantity, MallErrors.Of(code, "rewardId"));

    private async Task<RedemptionResult> ReplayOrFailAsync(string memberId, string key, string rewardId, int quantity, UserError error) =>
        await redemptions.ByKeyAsync(memberId, key) is { } first ? Replay(first, rewardId, quantity) : RedemptionResult.Fail([error]);

    /// <summary>The first redemption made with the key; the key may not be reused for another reward or quantity.</summary>
    private static RedemptionResult Replay(Redemption first, string rewardId, int quantity) =>
        first.RewardId == rewardId && first.Quantity == quantity
            ? RedemptionResult.Ok(first)
            : RedemptionResult.Fail(ErrorCodes.Validation, "idempotencyKey", "This idempotency key was already used for another redemption.");

    private Redemption NewRedemption(string memberId, RewardListing listing, int quantity, string key, long now) => new()
    {
        Id = Ids.New("rdm"),
        MemberId = memberId,
        RewardId = listing.Id,
        RewardVersion = listing.VersionId,
        RewardTitle = listing.Model.Title,
        Kind = listing.Model.Kind,
        Quantity = quantity,
        PointsSpent = RewardRules.Price(listing.Model, quantity),
        CashFen = RewardRules.Cash(listing.Model, quantity),
        Status = listing.Model.Kind == RewardKinds.Goods ? RedemptionStatuses.Pending : RedemptionStatuses.Fulfilled,
        LocalDay = RewardRules.CountingDay(calendar, now),
        IdempotencyKey = key,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Rolls a redemption back whose key an earlier one holds; answered with that one.</summary>
    private sealed class KeyTaken() : Exception("idempotency key taken");
}
