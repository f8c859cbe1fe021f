using Shop.Framework.Data;
using Shop.Framework.Time;
using Shop.Tiers.Models;

namespace Shop.Tiers.Services;

public sealed record TierReviewRun(int Reviewed, int Kept, int Downgraded);

/// <summary>
/// The periodic review. A member is due when the review date set at the last level change (or
/// last review) has come. The review belongs to the merchant-local period it runs in and
/// looks at the growth earned in the N months before that period began, so running it twice,
/// or late, gives the same answer; the (member, period) key makes it happen once.
/// </summary>
public sealed class TierReviewService(DbSession db, TierCatalog catalog, LevelChanges levels, MerchantCalendar calendar, TimeProvider clock)
{
    private const int BatchSize = 500;

    public async Task<TierReviewRun> ReviewDueAsync(CancellationToken cancellationToken = default)
    {
        var program = await catalog.ProgramAsync();
        if (program.ReviewPeriod == ReviewPeriods.None) return new TierReviewRun(0, 0, 0);
        var tiers = await catalog.TiersAsync();
        var now = clock.NowMs();
        var period = TierRules.PeriodStart(calendar.DateOf(now), program.ReviewPeriod);
        var periodStartMs = calendar.StartOf(period);
        var windowStartMs = calendar.StartOf(period.AddMonths(-program.RetentionMonths));
        // The level zero growth gives cannot be lost, so its members are never due.
        var baseLevel = TierRules.LevelFor(0, tiers);
        int reviewed = 0, kept = 0, downgraded = 0;
        string? after = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = (await db.QueryAsync<MemberGrowth>(
                "SELECT member_id AS MemberId, growth_value AS GrowthValue, level AS Level, level_since AS LevelSince, next_review_at AS NextReviewAt " +
                "FROM tier_members WHERE level > @baseLevel AND (next_review_at IS NULL OR next_review_at <= @now) " +
                $"{(after is null ? "" : "AND member_id > @after")} ORDER BY member_id LIMIT {BatchSize}",
                new { now, after, baseLevel })).ToList();
            if (batch.Count == 0) break;
            after = batch[^1].MemberId;
            foreach (var member in batch)
            {
                // Levels gained while reviews were off get their first review date now.
                var dueAt = member.NextReviewAt ?? calendar.StartOf(TierRules.FirstReview(calendar.DateOf(member.LevelSince), program.RetentionMonths, program.ReviewPeriod));
                if (dueAt > now)
                {
                    await db.ExecuteAsync("UPDATE tier_members SET next_review_at = @dueAt WHERE member_id = @MemberId AND next_review_at IS NULL",
                        new { dueAt, member.MemberId });
                    continue;
                }
                var outcome = await db.InTransactionAsync(() => ReviewAsync(member, tiers, program, period, periodStartMs, windowStartMs, now));
                if (outcome is null) continue;
                reviewed++;
                if (outcome == ReviewOutcomes.Keep) kept++;
                if (outcome == ReviewOutcomes.Downgrade) downgraded++;
            }
        }
        return new TierReviewRun(reviewed, kept, downgraded);
    }

    private const string CountsAt = "COALESCE(counts_at, created_at)";

    private async Task<string?> ReviewAsync(MemberGrowth member, IReadOnlyList<Tier> tiers, TierProgram program,
        DateOnly period, long periodStartMs, long windowStartMs, long now)
    {
        // Review expiries are bookkeeping, not growth earned, so they never count against a later window.
        // An entry counts when its counts_at says (a refund: when its order's growth was earned).
        var windowGrowth = Math.Max(0, await db.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(delta), 0) FROM growth_entries WHERE member_id = @MemberId AND source_type <> @review " +
            $"AND {CountsAt} >= @windowStartMs AND {CountsAt} < @periodStartMs",
            new { member.MemberId, review = ReviewSource, windowStartMs, periodStartMs }));
        var to = TierRules.ReviewedLevel(member.Level, windowGrowth, tiers, program.DowngradeMode);
        var outcome = to < member.Level ? ReviewOutcomes.Downgrade : ReviewOutcomes.Keep;
        var periodKey = period.ToString("yyyy-MM-dd");
        var claimed = await db.ExecuteAsync(
            "INSERT INTO tier_reviews (member_id, period_start, outcome, from_level, to_level, window_growth, at) " +
            "VALUES (@MemberId, @periodKey, @outcome, @Level, @to, @windowGrowth, @now) ON CONFLICT (member_id, period_start) DO NOTHING",
            new { member.MemberId, periodKey, outcome, member.Level, to, windowGrowth, now });
        if (claimed == 0) return null;

        if (outcome == ReviewOutcomes.Keep)
        {
            var next = calendar.StartOf(TierRules.PeriodStartOnOrAfter(period.AddDays(1), program.ReviewPeriod));
            var moved = await db.ExecuteAsync("UPDATE tier_members SET next_review_at = @next WHERE member_id = @MemberId AND level = @Level",
                new { next, member.MemberId, member.Level });
            return moved == 0 ? await SupersededAsync(member.MemberId, periodKey) : outcome;
        }

        var note = $"{periodKey} 评审：近 {program.RetentionMonths} 个月成长值 {windowGrowth}";
        if (!await levels.ChangeAsync(member.MemberId, member.Level, to, TierChangeReasons.ReviewDowngrade, note, now))
            return await SupersededAsync(member.MemberId, periodKey);
        await ExpireOldGrowthAsync(member.MemberId, windowStartMs, periodKey, to, now);
        return outcome;
    }

    /// <summary>
    /// Growth earned before the window expires with the downgrade; otherwise lifetime growth
    /// would upgrade the member again with the next order. Recorded as an entry, so the value
    /// stays the sum of the ledger.
    /// </summary>
    private async Task ExpireOldGrowthAsync(string memberId, long windowStartMs, string periodKey, int level, long now)
    {
        // The level update above holds the member's row until commit, so this read cannot go stale.
        // Earlier reviews' expiries are dated when they ran, which can be inside this window, but
        // they took growth from before their own (earlier) windows: all of them count against what
        // is left before this window, so growth already expired is not expired again.
        var old = Math.Max(0, await db.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(delta), 0) FROM growth_entries WHERE member_id = @memberId " +
            $"AND (source_type = @review OR {CountsAt} < @windowStartMs)",
            new { memberId, review = ReviewSource, windowStartMs }));
        var current = await db.ExecuteScalarAsync<long>("SELECT growth_value FROM tier_members WHERE member_id = @memberId", new { memberId });
        var expire = Math.Min(old, current);
        if (expire <= 0) return;
        await db.ExecuteAsync("UPDATE tier_members SET growth_value = growth_value - @expire, updated_at = @now WHERE member_id = @memberId",
            new { memberId, expire, now });
        await db.ExecuteAsync(
            "INSERT INTO growth_entries (id, member_id, delta, source_type, source_id, reason, idempotency_key, growth_after, level_after, created_at, expired_before) " +
            "VALUES (@id, @memberId, @delta, @review, @periodKey, @reason, @key, @after, @level, @now, @windowStartMs)",
            new
            {
                id = Ids.New("grw"), memberId, delta = -expire, review = ReviewSource, periodKey, reason = "评审降级：窗口外成长值过期",
                key = $"review:{periodKey}", after = current - expire, level, now, windowStartMs,
            });
    }

    private async Task<string?> SupersededAsync(string memberId, string periodKey)
    {
        await db.ExecuteAsync("UPDATE tier_reviews SET outcome = @superseded WHERE member_id = @memberId AND period_start = @periodKey",
            new { superseded = ReviewOutcomes.Superseded, memberId, periodKey });
        return null;
    }

    public const string ReviewSource = "review";
}

public static class ReviewOutcomes
{
    public const string Keep = "keep";
    public const string Downgrade = "downgrade";

    /// <summary>The level changed between reading and reviewing (an upgrade won the race); the new level carries its own review date.</summary>
    public const string Superseded = "superseded";
}
