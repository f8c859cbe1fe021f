using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Tiers.Models;

namespace Shop.Tiers.Services;

/// <summary>Reads for the API and the admin: members' tiers, the change log, members per level.</summary>
public sealed class TierQueries(DbSession db, TierCatalog catalog)
{
    private const string ChangeColumns =
        "id AS Id, member_id AS MemberId, from_level AS FromLevel, to_level AS ToLevel, reason AS Reason, note AS Note, at AS At";

    /// <summary>
    /// Members' tiers in one query. A member with no growth yet holds the level zero growth
    /// gives (usually the entry level with threshold 0), or level 0 when no tier applies.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, MemberTierView>> ViewsAsync(IReadOnlyCollection<string> memberIds)
    {
        var tiers = await catalog.TiersAsync();
        var rows = (await db.QueryAsync<MemberGrowth>(
                $"SELECT member_id AS MemberId, growth_value AS GrowthValue, level AS Level, level_since AS LevelSince, next_review_at AS NextReviewAt " +
                $"FROM tier_members WHERE {db.In("member_id", "memberIds")}", new { memberIds = memberIds.ToArray() }))
            .ToDictionary(r => r.MemberId);
        return memberIds.Distinct().ToDictionary(id => id, id =>
        {
            var row = rows.GetValueOrDefault(id);
            var level = row?.Level ?? TierRules.LevelFor(0, tiers);
            var tier = TierRules.TierAt(level, tiers);
            return new MemberTierView(id, tier?.Level ?? 0, tier, row?.GrowthValue ?? 0, row?.LevelSince, TierRules.NextAbove(tier?.Level ?? 0, tiers));
        });
    }

    public async Task<MemberTierView> ViewAsync(string memberId) => (await ViewsAsync([memberId]))[memberId];

    /// <summary>Newest first, keyset-paged on the time-ordered id.</summary>
    public async Task<(IReadOnlyList<TierChange> Rows, int Total)> ChangesAsync(string memberId, PageRequest page)
    {
        var args = new { memberId, after = page.AfterKey, take = page.First + 1 };
        var total = await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM tier_changes WHERE member_id = @memberId", args);
        var rows = await db.QueryAsync<TierChange>(
            $"SELECT {ChangeColumns} FROM tier_changes WHERE member_id = @memberId {(page.AfterKey is null ? "" : "AND id < @after")} ORDER BY id DESC LIMIT @take", args);
        return (rows.ToList(), total);
    }

    /// <summary>Members per stored level (members without growth yet are not counted).</summary>
    public async Task<IReadOnlyDictionary<int, long>> MembersPerLevelAsync() =>
        (await db.QueryAsync<LevelCount>("SELECT level AS Level, COUNT(*) AS Count FROM tier_members GROUP BY level"))
            .ToDictionary(r => r.Level, r => r.Count);

    private sealed class LevelCount
    {
        public int Level { get; init; }
        public long Count { get; init; }
    }
}
