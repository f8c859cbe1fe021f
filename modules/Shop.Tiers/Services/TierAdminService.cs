using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Members.Services;

namespace Shop.Tiers.Services;

public sealed record TierSetResult(int? Level, IReadOnlyList<UserError> Errors);

/// <summary>Staff set a member's level by hand (logged with reason <c>admin</c>); growth value is untouched.</summary>
public sealed class TierAdminService(DbSession db, TierCatalog catalog, LevelChanges levels, MemberService members, TimeProvider clock)
{
    public async Task<TierSetResult> SetLevelAsync(string memberId, int level, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return Fail(ErrorCodes.Validation, "A reason is required.", "reason");
        var tiers = await catalog.TiersAsync();
        if (level != 0 && tiers.All(t => t.Level != level)) return Fail(ErrorCodes.Validation, $"Level {level} is not a published tier.", "level");
        if (await members.GetAsync(memberId) is null) return Fail(ErrorCodes.NotFound, "No such member.", "memberId");
        return await db.InTransactionAsync(async () =>
        {
            var now = clock.NowMs();
            await db.ExecuteAsync(
                "INSERT INTO tier_members (member_id, growth_value, level, level_since, next_review_at, updated_at) " +
                "VALUES (@memberId, 0, @baseLevel, @now, NULL, @now) ON CONFLICT (member_id) DO NOTHING",
                new { memberId, baseLevel = TierRules.LevelFor(0, tiers), now });
            var current = await db.ExecuteScalarAsync<int>("SELECT level FROM tier_members WHERE member_id = @memberId", new { memberId });
            if (current == level) return new TierSetResult(level, []);
            // Guarded on the level just read: a concurrent upgrade makes this a conflict, not a lost update.
            return await levels.ChangeAsync(memberId, current, level, TierChangeReasons.Admin, reason.Trim(), now)
                ? new TierSetResult(level, [])
                : Fail(ErrorCodes.Conflict, "The member's level changed meanwhile; reload and retry.", "level");
        });
    }

    private static TierSetResult Fail(string code, string message, string field) => new(null, [new UserError(code, message, field)]);
}
