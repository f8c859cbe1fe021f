using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Framework.Events;
using Shop.Framework.Time;
using Shop.Members.Indexing;
using Shop.Points.Services;
using Shop.Tiers.Events;

namespace Shop.Tiers.Services;

/// <summary>
/// Moves a member between levels inside the caller's transaction: the guarded level update,
/// the log row, the member's search document, the <see cref="TierChanged"/> event and, on
/// upgrades, the gift points.
/// </summary>
public sealed class LevelChanges(DbSession db, Outbox outbox, TierCatalog catalog, MerchantCalendar calendar, MemberDocumentQueue documents, IServiceProvider services)
{
    /// <summary>
    /// Changes the level only if it still is <paramref name="from"/>; false when another
    /// change got there first (nothing is logged then).
    /// </summary>
    public async Task<bool> ChangeAsync(string memberId, int from, int to, string reason, string? note, long now)
    {
        if (from == to) return false;
        var nextReviewAt = await NextReviewAtAsync(now);
        var changed = await db.ExecuteAsync(
            "UPDATE tier_members SET level = @to, level_since = @now, next_review_at = @nextReviewAt, updated_at = @now WHERE member_id = @memberId AND level = @from",
            new { memberId, from, to, now, nextReviewAt });
        if (changed == 0) return false;
        await db.ExecuteAsync(
            "INSERT INTO tier_changes (id, member_id, from_level, to_level, reason, note, at) VALUES (@id, @memberId, @from, @to, @reason, @note, @now)",
            new { id = Ids.New("tch"), memberId, from, to, reason, note = Truncate(note), now });
        // A review's downgrade also expires old growth in this transaction: this one task covers both.
        await documents.EnqueueAsync(memberId);
        await outbox.PublishAsync(new TierChanged(memberId, from, to, reason, now));
        if (to > from) await GrantUpgradeGiftsAsync(memberId, from, to);
        return true;
    }

    /// <summary>Whether the member's current level was set by staff (the latest logged change is theirs).</summary>
    public async Task<bool> LastSetByStaffAsync(string memberId) =>
        await db.QuerySingleOrDefaultAsync<string>(
            "SELECT reason FROM tier_changes WHERE member_id = @memberId ORDER BY at DESC, id DESC LIMIT 1", new { memberId }) == TierChangeReasons.Admin;

    /// <summary>
    /// A member who jumps several levels gets the gift of every level reached, and each level's
    /// gift at most once in the member's lifetime: the points key is per member and level, so a
    /// member who is reviewed down and climbs back does not collect it again.
    /// </summary>
    private async Task GrantUpgradeGiftsAsync(string memberId, int from, int to)
    {
        foreach (var tier in TierRules.Reached(from, to, await catalog.TiersAsync()).Where(t => t.Benefits.UpgradeGiftPoints > 0))
        {
            // Resolved only when a gift is due: points are optional for members without gifts.
            var points = services.GetRequiredService<IPointsLedger>();
            var result = await points.GrantAsync(new PointsGrant(memberId, tier.Benefits.UpgradeGiftPoints, "tier.upgrade", $"level-{tier.Level}",
                $"tier.upgrade:{memberId}:{tier.Level}", $"升级礼：{tier.Name}", await catalog.VersionOfAsync(tier.Level)));
            if (!result.Succeeded)
                throw new InvalidOperationException($"Upgrade gift for level {tier.Level} refused: {result.Errors[0].Code} {result.Errors[0].Message}");
        }
    }

    /// <summary>A new level is held for the retention window, then reviewed at the next period start.</summary>
    public async Task<long?> NextReviewAtAsync(long since)
    {
        var program = await catalog.ProgramAsync();
        if (program.ReviewPeriod == Models.ReviewPeriods.None) return null;
        return calendar.StartOf(TierRules.FirstReview(calendar.DateOf(since), program.RetentionMonths, program.ReviewPeriod));
    }

    private static string? Truncate(string? note) => note is { Length: > 200 } ? note[..200] : note;
}
