using Microsoft.Extensions.DependencyInjection;
using Shop.Audiences.Models;
using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Search;

namespace Shop.Audiences.Services;

/// <summary>
/// Content lifecycle for audiences and tags, in the publishing transaction: a rule must compile
/// against the member index to be published; publishing a snapshot audience queues its snapshot;
/// publishing a tag leaves only rows of its kind (a tag turned from manual to rule drops the
/// hand-set rows — the rule alone decides who holds it — and one turned from rule to manual keeps
/// its holders as hand-set rows); archiving a tag takes it off every member (who are queued for
/// reindexing). The catalog and
/// jobs are resolved when used: they read content themselves, and the content manager builds
/// its handlers.
/// </summary>
public sealed class AudienceContentHandler(IServiceProvider services, DbSession db, IIndexingQueue indexing) : IContentHandler
{
    private AudienceCatalog Catalog => services.GetRequiredService<AudienceCatalog>();

    public Task<IReadOnlyList<UserError>> PublishingAsync(ContentItem item) => Task.FromResult<IReadOnlyList<UserError>>(item.ContentType switch
    {
        AudienceCatalog.AudienceType => Catalog.Compile(item.As<Audience>().Rule).Errors,
        AudienceCatalog.TagType when item.As<TagDefinition>() is { Rule: { } rule } => Catalog.Compile(rule).Errors,
        _ => [],
    });

    public async Task PublishedAsync(ContentItem item)
    {
        if (item.ContentType == AudienceCatalog.TagType)
        {
            await KeepRowsOfKindAsync(item.As<TagDefinition>());
            return;
        }
        if (item.ContentType != AudienceCatalog.AudienceType) return;
        var audience = item.As<Audience>();
        if (audience.Mode != AudienceModes.Snapshot) return;
        var (query, _) = Catalog.Compile(audience.Rule);
        var total = query is null ? 0 : await Catalog.OpenMembers().CountAsync(query);
        await services.GetRequiredService<AudienceJobService>().StartSnapshotAsync(new PublishedAudience(item.ItemId, item.VersionId, audience), item.Author, total);
    }

    /// <summary>
    /// A rule tag's holders are whoever its rule matches: rows set by hand before it became a rule
    /// tag would block the rule's own rows (one row per member and tag) and never be removed by it,
    /// so they go, and their members are reindexed (the rule task adds back the ones it matches).
    /// A manual tag's rows are all staff's to change: rule rows become manual ones, the index
    /// (which holds tags, not sources) is unchanged.
    /// </summary>
    private async Task KeepRowsOfKindAsync(TagDefinition tag)
    {
        if (tag.Kind == TagKinds.Rule)
        {
            var dropped = (await db.QueryAsync<string>("DELETE FROM member_tags WHERE tag = @key AND source = @manual RETURNING member_id",
                new { key = tag.Key, manual = MemberTagService.ManualSource })).ToList();
            foreach (var batch in dropped.Chunk(1000)) await indexing.EnqueueManyAsync(SearchIndexes.Members, batch);
        }
        else
            await db.ExecuteAsync("UPDATE member_tags SET source = @manual WHERE tag = @key AND source = @rule",
                new { key = tag.Key, manual = MemberTagService.ManualSource, rule = MemberTagService.RuleSource });
    }

    public async Task ArchivedAsync(ContentItem item)
    {
        if (item.ContentType != AudienceCatalog.TagType) return;
        var key = item.As<TagDefinition>().Key;
        var holders = (await db.QueryAsync<string>("SELECT member_id FROM member_tags WHERE tag = @key", new { key })).ToList();
        await db.ExecuteAsync("DELETE FROM member_tags WHERE tag = @key", new { key });
        foreach (var batch in holders.Chunk(1000)) await indexing.EnqueueManyAsync(SearchIndexes.Members, batch);
    }
}
