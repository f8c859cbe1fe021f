using Microsoft.Extensions.Logging;
using Shop.Audiences.Models;
using Shop.Framework.Data;
using Shop.Framework.Search;

namespace Shop.Audiences.Services;

/// <summary>
/// Keeps rule tags true. The index answers two questions per rule tag: who matches the rule but
/// lacks the tag, and who holds the tag but no longer matches. Only those members change (rows
/// written and the members queued for reindexing in the same transaction), so a run over a
/// million members touches only the drift — members whose data changed, or whose relative-date
/// conditions ("no order in 180 days") flipped with time.
/// </summary>
public sealed class RuleTagService(DbSession db, AudienceCatalog catalog, IIndexingQueue indexing, TimeProvider clock, ILogger<RuleTagService> logger)
{
    private const int Batch = 500;

    public sealed record Drift(string Tag, long Added, long Removed);

    /// <summary>
    /// Every rule tag against every member (the scheduled pass), or only against
    /// <paramref name="members"/> (just reindexed: their data changed).
    /// </summary>
    public async Task<IReadOnlyList<Drift>> EvaluateAsync(IReadOnlyList<string>? members = null, CancellationToken ct = default)
    {
        var index = catalog.OpenMembers();
        var results = new List<Drift>();
        foreach (var tag in (await catalog.TagsAsync()).Where(t => t.Tag.Kind == TagKinds.Rule && t.Tag.Rule is not null))
        {
            var (rule, errors) = catalog.Compile(tag.Tag.Rule!);
            if (rule is null)
            {
                // A rule that no longer fits the index (a field was removed) is skipped, not guessed at.
                logger.LogWarning("Rule tag {Tag} skipped: {Error}", tag.Tag.Key, errors[0].Message);
                continue;
            }
            var holds = new TermQuery(MemberIndexFields.Tags, tag.Tag.Key);
            SearchQuery[] scope = members is null ? [] : [new IdsQuery(members)];
            long added = 0, removed = 0;
            await foreach (var ids in index.ScanIdsAsync(new BoolQuery { Filter = [rule, .. scope], MustNot = [holds] }, Batch, ct))
                added += await ApplyAsync(tag.Tag.Key, ids, add: true);
            await foreach (var ids in index.ScanIdsAsync(new BoolQuery { Filter = [holds, .. scope], MustNot = [rule] }, Batch, ct))
                removed += await ApplyAsync(tag.Tag.Key, ids, add: false);
            results.Add(new Drift(tag.Tag.Key, added, removed));
        }
        if (members is null) await RemoveRetiredAsync();
        return results;
    }

    private Task<long> ApplyAsync(string tag, IReadOnlyList<string> memberIds, bool add) =>
        db.InTransactionAsync(async () =>
        {
            var now = clock.NowMs();
            long changed = 0;
            foreach (var id in memberIds)
                changed += add
                    ? await db.ExecuteAsync(
                        "INSERT INTO member_tags (member_id, tag, source, added_at, added_by) VALUES (@id, @tag, @source, @now, 'rule') ON CONFLICT DO NOTHING",
                        new { id, tag, source = MemberTagService.RuleSource, now })
                    : await db.ExecuteAsync("DELETE FROM member_tags WHERE member_id = @id AND tag = @tag AND source = @source",
                        new { id, tag, source = MemberTagService.RuleSource });
            // Queued when the rows now say what the rule says, even if they already did (then the index
            // is what disagreed). A member who still holds the tag after the rule's rows were removed
            // holds it some other way: reindexing would change nothing, and the observer would find
            // the same drift and queue them again on every pass.
            var holders = (await db.QueryAsync<string>($"SELECT member_id FROM member_tags WHERE tag = @tag AND {db.In("member_id", "ids")}",
                new { tag, ids = memberIds.ToArray() })).ToHashSet();
            var settled = memberIds.Where(id => holders.Contains(id) == add).ToList();
            if (settled.Count < memberIds.Count)
                logger.LogWarning("Rule tag {Tag}: {Count} member(s) hold it by hand and were left as they are", tag, memberIds.Count - settled.Count);
            if (settled.Count > 0) await indexing.EnqueueManyAsync(SearchIndexes.Members, settled);
            return changed;
        });

    /// <summary>Rule-tag rows whose tag is no longer a published rule tag are dropped, their members reindexed.</summary>
    private async Task RemoveRetiredAsync()
    {
        var live = (await catalog.TagsAsync()).Where(t => t.Tag.Kind == TagKinds.Rule).Select(t => t.Tag.Key).ToArray();
        while (true)
        {
            var stale = (await db.QueryAsync<MemberTagService.TagRow>(
                $"SELECT member_id AS MemberId, tag AS Tag FROM member_tags WHERE source = @source {(live.Length == 0 ? "" : $"AND NOT ({db.In("tag", "live")})")} LIMIT {Batch}",
                new { source = MemberTagService.RuleSource, live })).ToList();
            if (stale.Count == 0) return;
            await db.InTransactionAsync(async () =>
            {
                foreach (var row in stale)
                    await db.ExecuteAsync("DELETE FROM member_tags WHERE member_id = @MemberId AND tag = @Tag AND source = 'rule'", row);
                await indexing.EnqueueManyAsync(SearchIndexes.Members, stale.Select(r => r.MemberId).Distinct().ToList());
            });
        }
    }
}
