using Shop.Framework.GraphQL;
using Shop.PointsMall.Models;
using Shop.Points.Services;

namespace Shop.PointsMall.Services;

/// <summary>
/// The merchant's side of a redemption: ship and deliver goods, or cancel. A cancel returns the
/// points (the ledger reverses exactly the spend), the stock and the member's counts in one
/// transaction; it is idempotent on its key. Goods can be cancelled until delivered; coupons and
/// codes are in the member's hands the moment they are redeemed, so those cannot be.
/// </summary>
public sealed class FulfilmentService(RedemptionStore redemptions, RewardStore rewards, MemberCountStore counts, IPointsLedger points)
{
    public async Task<RedemptionResult> ShipAsync(string redemptionId, string? carrier, string? trackingNumber)
    {
        if ((Required(carrier, "carrier", 50) ?? Required(trackingNumber, "trackingNumber", 100)) is { } invalid) return RedemptionResult.Fail([invalid]);
        if (await redemptions.TryShipAsync(redemptionId, carrier!.Trim(), trackingNumber!.Trim())) return RedemptionResult.Ok((await redemptions.GetAsync(redemptionId))!);
        return await redemptions.GetAsync(redemptionId) switch
        {
            null => NotFound(),
            { Kind: not RewardKinds.Goods } r => WrongStatus($"Only goods are shipped; this is a {r.Kind} redemption."),
            var r => WrongStatus($"A {r.Status} redemption cannot be shipped."),
        };
    }

    public async Task<RedemptionResult> DeliverAsync(string redemptionId)
    {
        if (await redemptions.TryDeliverAsync(redemptionId)) return RedemptionResult.Ok((await redemptions.GetAsync(redemptionId))!);
        return await redemptions.GetAsync(redemptionId) switch
        {
            null => NotFound(),
            { Status: RedemptionStatuses.Delivered } r => RedemptionResult.Ok(r),
            var r => WrongStatus($"Only shipped redemptions can be delivered; this one is {r.Status}."),
        };
    }

    public async Task<RedemptionResult> CancelAsync(string redemptionId, string? reason, string? idempotencyKey)
    {
        if ((Required(reason, "reason", 500) ?? RewardRules.KeyError(idempotencyKey)) is { } invalid) return RedemptionResult.Fail([invalid]);
        try
        {
            return await redemptions.Db.InTransactionAsync(() => CancelInTransactionAsync(redemptionId, reason!.Trim(), idempotencyKey!));
        }
        catch (MallRefused refused)
        {
            return RedemptionResult.Fail(refused.Errors);
        }
    }

    private async Task<RedemptionResult> CancelInTransactionAsync(string redemptionId, string reason, string key)
    {
        // The status read here only picks the guarded update's expectation; losing a race re-reads.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var redemption = await redemptions.GetAsync(redemptionId);
            if (redemption is null) return NotFound();
            if (redemption.Status == RedemptionStatuses.Cancelled)
                return redemption.CancelKey == key
                    ? RedemptionResult.Ok(redemption)
                    : RedemptionResult.Fail(ErrorCodes.Conflict, "redemptionId", "This redemption was already cancelled.");
            if (CancelRefusal(redemption) is { } refusal) return RedemptionResult.Fail(MallErrorCodes.NotCancellable, "redemptionId", refusal);
            if (!await redemptions.TryCancelAsync(redemptionId, redemption.Status, reason, key)) continue;
            await ReturnAsync(redemption, reason);
            return RedemptionResult.Ok((await redemptions.GetAsync(redemptionId))!);
        }
        return RedemptionResult.Fail(ErrorCodes.Conflict, "redemptionId", "The redemption changed meanwhile; reload and retry.");
    }

    /// <summary>Why a redemption cannot be cancelled, or null when it can.</summary>
    public static string? CancelRefusal(Redemption redemption) => redemption switch
    {
        { Kind: RewardKinds.Coupon } => "The coupon was issued to the member when redeemed; coupon redemptions cannot be cancelled.",
        { Kind: RewardKinds.Virtual } => "The code was handed to the member when redeemed; virtual redemptions cannot be cancelled.",
        { Status: RedemptionStatuses.Delivered } => "Delivered goods cannot be cancelled.",
        { Status: RedemptionStatuses.Pending or RedemptionStatuses.Shipped } => null,
        _ => $"A {redemption.Status} redemption cannot be cancelled.",
    };

    /// <summary>Same lock order as redeeming (redemption, counts, points, stock), so a cancel and a redemption never deadlock.</summary>
    private async Task ReturnAsync(Redemption redemption, string reason)
    {
        await counts.ReturnAsync(redemption.RewardId, redemption.MemberId, RewardRules.LifePeriod, redemption.Quantity);
        await counts.ReturnAsync(redemption.RewardId, redemption.MemberId, redemption.LocalDay, redemption.Quantity);
        var returned = await points.ReturnSpendAsync(redemption.MemberId, RedemptionService.SpendKey(redemption.Id),
            RedemptionService.SpendKey(redemption.Id) + ":cancel", $"Points mall redemption cancelled: {reason}");
        if (!returned.Succeeded) throw new MallRefused(returned.Errors);
        await rewards.PutBackAsync(redemption.RewardId, redemption.Quantity);
    }

    private static UserError? Required(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Length > maxLength
            ? new UserError(ErrorCodes.Validation, $"{field} must be 1 to {maxLength} characters.", field)
            : null;

    private static RedemptionResult NotFound() => RedemptionResult.Fail(ErrorCodes.NotFound, "redemptionId", "No such redemption.");

    private static RedemptionResult WrongStatus(string message) => RedemptionResult.Fail(MallErrorCodes.InvalidStatus, "redemptionId", message);
}
