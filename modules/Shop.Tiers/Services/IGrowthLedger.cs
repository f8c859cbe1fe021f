using Shop.Framework.GraphQL;

namespace Shop.Tiers.Services;

/// <summary>
/// Growth value, the currency of levels. Other modules (check-in) add growth through this;
/// the call joins the caller's unit of work, may upgrade the member at once, and is
/// idempotent on its key. The member must exist: callers name members they already hold (the
/// signed-in member, an order's member), as they do with the points ledger; the staff
/// adjustment checks the id it is given.
/// </summary>
public interface IGrowthLedger
{
    Task<GrowthResult> AddAsync(GrowthGrant grant);
}

/// <param name="SourceType">"order", "checkin", "admin", "refund"...</param>
/// <param name="CountsAt">When the entry counts for review windows, if not when it is written (a refund counts when its order's growth was earned).</param>
/// <param name="FreshKey">The key names a source the caller's transaction has just created, so no earlier call can
/// have used it: no replay check (on PostgreSQL the entry travels with the next statement); a taken key fails the transaction.</param>
public sealed record GrowthGrant(string MemberId, long Growth, string SourceType, string SourceId, string IdempotencyKey, string? Reason = null,
    long? CountsAt = null, bool FreshKey = false);

/// <param name="GrowthValue">The member's growth value after the grant.</param>
/// <param name="Level">The member's level after the grant (0 when no tier applies).</param>
public sealed record GrowthResult(long GrowthValue, int Level, IReadOnlyList<UserError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
