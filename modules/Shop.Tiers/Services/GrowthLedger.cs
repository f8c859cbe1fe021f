using Shop.Framework;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Members.Indexing;
using Shop.Members.Services;
using Shop.Tiers.Models;

namespace Shop.Tiers.Services;

/// <summary>
/// Growth value: append-only entries and the member's projection, changed together in the
/// caller's transaction. Crossing a threshold upgrades at once; growth going down never lowers
/// the level (only the periodic review does), so a refund cannot bounce a member between levels.
/// </summary>
public sealed class GrowthLedger(DbSession db, TierCatalog catalog, LevelChanges levels, MemberService members, MemberDocumentQueue documents, TimeProvider clock) : IGrowthLedger
{
    private const string EntryColumns =
        "id AS Id, member_id AS MemberId, delta AS Delta, source_type AS SourceType, source_id AS SourceId, reason AS Reason, " +
        "idempotency_key AS IdempotencyKey, growth_after AS GrowthAfter, level_after AS LevelAfter, created_at AS CreatedAt";

    public Task<GrowthResult> AddAsync(GrowthGrant grant) => AddAsync(grant, allowBelowZero: false);

    /// <summary>
    /// Staff adjustment: a reason is required, the actor is the source. The member id is typed by
    /// staff, so it is checked here; the modules' own calls name members they already hold.
    /// </summary>
    public async Task<GrowthResult> AdjustAsync(string memberId, long growth, string? reason, string idempotencyKey, string actor)
    {
        if (string.IsNullOrWhiteSpace(reason)) return Fail(ErrorCodes.Validation, "A reason is required.", "reason");
        if (growth == 0 || Math.Abs(growth) > AmountLimits.MaxPoints)
            return Fail(ErrorCodes.Validation, $"Growth must be non-zero and at most {AmountLimits.MaxPoints:N0} either way.", "growth");
        if (await members.GetAsync(memberId) is null) return Fail(ErrorCodes.NotFound, "No such member.", "memberId");
        return await AddAsync(new GrowthGrant(memberId, growth, "admin", actor, idempotencyKey, reason.Trim()), allowBelowZero: false);
    }

    /// <summary>
    /// <paramref name="allowBelowZero"/>: refund reversals take back exactly what an order gave,
    /// even when staff have meanwhile deducted growth by hand; everything else is refused with
    /// <c>INSUFFICIENT_GROWTH</c> rather than taking the value below zero.
    /// </summary>
    public async Task<GrowthResult> AddAsync(GrowthGrant grant, bool allowBelowZero)
    {
        var invalid = Validate(grant);
        if (invalid is not null) return Fail(ErrorCodes.Validation, invalid.Value.Message, invalid.Value.Field);

        return await db.InTransactionAsync(async () =>
        {
            var tiers = await catalog.TiersAsync();
            var now = clock.NowMs();
            // The projection moves first: its row is the member's lock (PostgreSQL queues a replay of
            // the same key behind it), and the value it returns goes straight into the entry. A member
            // without a row implicitly held the level that zero growth gives.
            var after = grant.Growth > 0 || allowBelowZero
                ? await db.QuerySingleOrDefaultAsync<MemberGrowth>(
                    "INSERT INTO tier_members (member_id, growth_value, level, level_since, next_review_at, updated_at) " +
                    "VALUES (@MemberId, @Growth, @level, @now, NULL, @now) ON CONFLICT (member_id) DO UPDATE " +
                    "SET growth_value = tier_members.growth_value + excluded.growth_value, updated_at = excluded.updated_at " +
                    "RETURNING member_id AS MemberId, growth_value AS GrowthValue, level AS Level",
                    new { grant.MemberId, grant.Growth, level = TierRules.LevelFor(0, tiers), now })
                : await db.QuerySingleOrDefaultAsync<MemberGrowth>(
                    "UPDATE tier_members SET growth_value = growth_value + @Growth, updated_at = @now WHERE member_id = @MemberId AND growth_value + @Growth >= 0 " +
                    "RETURNING member_id AS MemberId, growth_value AS GrowthValue, level AS Level",
                    new { grant.MemberId, grant.Growth, now });
            if (after is null)
            {
                // Nothing moved; a replay of a deduction that went through answers as the first call did.
                return await FindAsync(grant.MemberId, grant.IdempotencyKey) is { } earlier
                    ? new GrowthResult(earlier.GrowthAfter, earlier.LevelAfter, [])
                    : Fail(TierErrorCodes.InsufficientGrowth, "The member's growth value is lower than the deduction.", "growth");
            }

            var entryId = Ids.New("grw");
            const string insert =
                "INSERT INTO growth_entries (id, member_id, delta, source_type, source_id, reason, idempotency_key, growth_after, level_after, created_at, counts_at) " +
                "VALUES (@entryId, @MemberId, @Growth, @SourceType, @SourceId, @Reason, @IdempotencyKey, @GrowthValue, @Level, @now, @CountsAt)";
            var entry = new { entryId, grant.MemberId, grant.Growth, grant.SourceType, grant.SourceId, grant.Reason, grant.IdempotencyKey, after.GrowthValue, after.Level, now, grant.CountsAt };
            // A fresh key taken would be a bug, which the unique index refuses in the database: no
            // count to wait for or check, so the insert goes as it is with the next statement or the commit.
            if (grant.FreshKey) await db.ExecuteLaterAsync(insert, entry);
            else if (await db.ExecuteAsync(insert + " ON CONFLICT (member_id, idempotency_key) DO NOTHING", entry) == 0)
            {
                // A replay: take back what this call added, answer as the first call did.
                await db.ExecuteAsync("UPDATE tier_members SET growth_value = growth_value - @Growth WHERE member_id = @MemberId", new { grant.MemberId, grant.Growth });
                var first = await FindAsync(grant.MemberId, grant.IdempotencyKey);
                return new GrowthResult(first!.GrowthAfter, first.LevelAfter, []);
            }

            await documents.EnqueueAsync(grant.MemberId);
            var level = after.Level;
            var target = TierRules.LevelFor(after.GrowthValue, tiers);
            // A level below what the growth already supported before this grant stays only when staff
            // chose it (tierSet): that choice holds until growth crosses a threshold again. Any other
            // such level (growth earned before the tiers were published, a threshold lowered since)
            // catches up here. The log is read only in that rare case, never on an ordinary grant.
            var upgrade = target > level
                && (target > TierRules.LevelFor(after.GrowthValue - grant.Growth, tiers) || !await levels.LastSetByStaffAsync(grant.MemberId));
            if (upgrade && await levels.ChangeAsync(grant.MemberId, level, target, TierChangeReasons.Upgrade, grant.Reason, now))
            {
                level = target;
                await db.ExecuteAsync("UPDATE growth_entries SET level_after = @level WHERE id = @entryId", new { level, entryId });
            }
            return new GrowthResult(after.GrowthValue, level, []);
        });
    }

    public Task<GrowthEntry?> FindAsync(string memberId, string idempotencyKey) =>
        db.QuerySingleOrDefaultAsync<GrowthEntry>(
            $"SELECT {EntryColumns} FROM growth_entries WHERE member_id = @memberId AND idempotency_key = @idempotencyKey",
            new { memberId, idempotencyKey });

    /// <summary>Whether a review has expired the growth earned at <paramref name="earnedAt"/> (reviews expire whole entries, by time).</summary>
    public async Task<bool> ExpiredAsync(string memberId, long earnedAt) =>
        await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM growth_entries WHERE member_id = @memberId AND source_type = @review AND expired_before > @earnedAt",
            new { memberId, review = TierReviewService.ReviewSource, earnedAt }) > 0;

    private static (string Message, string Field)? Validate(GrowthGrant grant)
    {
        if (grant.Growth == 0) return ("Growth must not be zero.", "growth");
        if (Math.Abs(grant.Growth) > 1_000_000_000) return ("Growth is out of range.", "growth");
        if (string.IsNullOrWhiteSpace(grant.IdempotencyKey) || grant.IdempotencyKey.Length > 200)
            return ("An idempotency key of 1 to 200 characters is required.", "idempotencyKey");
        if (string.IsNullOrWhiteSpace(grant.SourceType) || grant.SourceType.Length > 30) return ("A source type of 1 to 30 characters is required.", "sourceType");
        if (grant.SourceId.Length > 100) return ("The source id is too long.", "sourceId");
        if (grant.Reason is { Length: > 200 }) return ("The reason is at most 200 characters.", "reason");
        return null;
    }

    private static GrowthResult Fail(string code, string message, string field) => new(0, 0, [new UserError(code, message, field)]);
}
