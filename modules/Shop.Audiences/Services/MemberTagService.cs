using Shop.Audiences.Models;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Search;
using Shop.Members.Services;

namespace Shop.Audiences.Services;

public sealed record MemberTagResult(IReadOnlyDictionary<string, IReadOnlyList<string>> Tags, IReadOnlyList<UserError> Errors);

/// <summary>
/// Manual tags: staff add and remove them, for one member or up to 1000 at once. Only published
/// manual tags can be set by hand (rule tags follow their rule). The members are queued for
/// reindexing in the same transaction, so audiences see the change once the worker has run.
/// </summary>
public sealed class MemberTagService(DbSession db, AudienceCatalog catalog, MemberService members, IIndexingQueue indexing, TimeProvider clock)
{
    public const int MaxMembers = 1000;
    public const string ManualSource = "manual";
    public const string RuleSource = "rule";

    public async Task<MemberTagResult> ChangeAsync(IReadOnlyList<string> memberIds, IReadOnlyList<string> add, IReadOnlyList<string> remove, string actor)
    {
        var ids = memberIds.Where(m => !string.IsNullOrWhiteSpace(m)).Distinct().ToList();
        if (ids.Count is 0 or > MaxMembers) return Fail(ErrorCodes.Validation, $"Tag 1 to {MaxMembers} members at a time.", "memberIds");
        if (add.Count + remove.Count == 0) return Fail(ErrorCodes.Validation, "Name tags to add or remove.", "add");
        // A form posted without a tag binds it as null; a blank key names no tag at all.
        if (add.Any(string.IsNullOrWhiteSpace)) return Fail(ErrorCodes.Validation, "Name a tag to add.", "add");
        if (remove.Any(string.IsNullOrWhiteSpace)) return Fail(ErrorCodes.Validation, "Name a tag to remove.", "remove");
        var tags = (await catalog.TagsAsync()).ToDictionary(t => t.Tag.Key);
        foreach (var (key, field) in add.Select(k => (k, "add")).Concat(remove.Select(k => (k, "remove"))))
        {
            if (!tags.TryGetValue(key, out var tag)) return Fail(ErrorCodes.NotFound, $"No published tag '{key}'.", field);
            if (tag.Tag.Kind != TagKinds.Manual) return Fail(ErrorCodes.Validation, $"'{key}' is a rule tag; its rule decides who holds it.", field);
        }
        var found = await members.GetManyAsync(ids);
        var missing = ids.Where(id => !found.ContainsKey(id)).ToList();
        if (missing.Count > 0) return Fail(ErrorCodes.NotFound, $"No member {string.Join(", ", missing.Take(5))}.", "memberIds");

        var now = clock.NowMs();
        await db.InTransactionAsync(async () =>
        {
            foreach (var id in ids)
            {
                foreach (var tag in add.Distinct())
                    await db.ExecuteAsync(
                        "INSERT INTO member_tags (member_id, tag, source, added_at, added_by) VALUES (@id, @tag, @source, @now, @actor) ON CONFLICT DO NOTHING",
                        new { id, tag, source = ManualSource, now, actor });
                if (remove.Count > 0)
                    await db.ExecuteAsync($"DELETE FROM member_tags WHERE member_id = @id AND {db.In("tag", "remove")}", new { id, remove = remove.ToArray() });
            }
            await indexing.EnqueueManyAsync(SearchIndexes.Members, ids);
        });
        return new MemberTagResult(await TagsOfAsync(ids), []);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> TagsOfAsync(IReadOnlyCollection<string> memberIds)
    {
        var rows = await db.QueryAsync<TagRow>($"SELECT member_id AS MemberId, tag AS Tag FROM member_tags WHERE {db.In("member_id", "ids")} ORDER BY tag",
            new { ids = memberIds.ToArray() });
        var byMember = rows.GroupBy(r => r.MemberId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Tag).ToList());
        return memberIds.Distinct().ToDictionary(id => id, id => byMember.GetValueOrDefault(id) ?? []);
    }

    private static MemberTagResult Fail(string code, string message, string field) =>
        new(new Dictionary<string, IReadOnlyList<string>>(), [new UserError(code, message, field)]);

    internal sealed class TagRow
    {
        public string MemberId { get; set; } = "";
        public string Tag { get; set; } = "";
    }
}
