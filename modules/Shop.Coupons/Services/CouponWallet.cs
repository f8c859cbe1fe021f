using Shop.Coupons.Models;
using Shop.Framework.GraphQL;
using Shop.Members.Indexing;

namespace Shop.Coupons.Services;

/// <summary>
/// A member's coupons for checkout, and the order-bound state changes. Each change is a guarded
/// update on the coupon's status, so two orders can never hold the same coupon. Using a coupon
/// or getting it back changes the member's coupon-use figures, so both queue the member's
/// search document in the same transaction.
/// </summary>
public sealed class CouponWallet(CouponStore store, MemberDocumentQueue documents) : ICouponWallet
{
    public async Task<IReadOnlyList<WalletCoupon>> UsableAsync(string memberId, long atMs, CancellationToken ct = default) =>
        (await store.UsableAsync(memberId, atMs)).Select(c => ToWallet(c, atMs)).ToList();

    public async Task<IReadOnlyList<WalletCoupon>> FindAsync(string memberId, IReadOnlyCollection<string> couponIds, CancellationToken ct = default) =>
        (await store.FindAsync(memberId, couponIds)).Select(c => ToWallet(c, long.MinValue)).ToList();

    public Task<IReadOnlyList<UserError>> ReserveAsync(string memberId, string orderId, IReadOnlyCollection<string> couponIds, long atMs, CancellationToken ct = default) =>
        store.Db.InTransactionAsync<IReadOnlyList<UserError>>(async () =>
        {
            var held = (await store.FindAsync(memberId, couponIds)).ToDictionary(c => c.Id);
            var errors = new List<UserError>();
            foreach (var id in couponIds.Distinct())
            {
                if (!held.TryGetValue(id, out var coupon))
                {
                    errors.Add(new UserError(ErrorCodes.NotFound, $"The member has no coupon '{id}'.", id));
                    continue;
                }
                if (coupon.Status == CouponStatuses.Reserved && coupon.OrderId == orderId) continue;
                if (await store.ReserveAsync(id, memberId, orderId, atMs)) continue;
                errors.Add(coupon.EffectiveStatus(atMs) == CouponStatuses.Expired
                    ? new UserError(CouponErrorCodes.Expired, $"Coupon {coupon.Code} has expired.", id)
                    : atMs < coupon.ValidFrom
                        ? new UserError(CouponErrorCodes.NotAvailable, $"Coupon {coupon.Code} is not valid yet.", id)
                        : new UserError(CouponErrorCodes.NotAvailable, $"Coupon {coupon.Code} is {coupon.Status}.", id));
            }
            return errors;
        }, ct);

    public Task CaptureAsync(string orderId, long atMs, CancellationToken ct = default) =>
        store.Db.InTransactionAsync(async () => await documents.EnqueueAsync((await store.CaptureAsync(orderId, atMs)).Distinct().ToList()), ct);

    public Task ReleaseAsync(string orderId, long atMs, CancellationToken ct = default) =>
        store.Db.InTransactionAsync(async () => await documents.EnqueueAsync((await store.ReleaseAsync(orderId, atMs)).Distinct().ToList()), ct);

    private static WalletCoupon ToWallet(Coupon c, long atMs) =>
        new(c.Id, c.Code, c.TemplateId, c.Title, c.ParsedRules, atMs == long.MinValue ? c.Status : c.EffectiveStatus(atMs), c.ValidFrom, c.ValidUntil, c.OrderId);
}
