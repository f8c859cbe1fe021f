using Shop.Audiences.Models;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Framework.Search;
using Shop.Framework.Time;

namespace Shop.Audiences.Services;

public sealed record PublishedAudience(string Id, string VersionId, Audience Audience);

public sealed record PublishedTag(string Id, string VersionId, TagDefinition Tag);

/// <summary>Published audiences and tags, and rules compiled against the member index as it is defined now.</summary>
public sealed class AudienceCatalog(ContentManager content, SearchCatalog search, MerchantCalendar calendar, TimeProvider clock)
{
    public const string AudienceType = "audience";
    public const string TagType = "tag";
    public const string RfmType = "rfmProgram";

    public SearchIndexDefinition MemberIndex => search.Definition(SearchIndexes.Members);

    public ISearchIndex OpenMembers() => search.Open(SearchIndexes.Members);

    public async Task<PublishedAudience?> AudienceAsync(string id)
    {
        var item = (await content.ListPublishedAsync(AudienceType)).FirstOrDefault(i => i.ItemId == id);
        return item is null ? null : new PublishedAudience(item.ItemId, item.VersionId, item.Shared<Audience>());
    }

    public async Task<IReadOnlyList<PublishedAudience>> AudiencesAsync() =>
        (await content.ListPublishedAsync(AudienceType)).Select(i => new PublishedAudience(i.ItemId, i.VersionId, i.Shared<Audience>())).ToList();

    public async Task<IReadOnlyList<PublishedTag>> TagsAsync() =>
        (await content.ListPublishedAsync(TagType)).Select(i => new PublishedTag(i.ItemId, i.VersionId, i.Shared<TagDefinition>())).ToList();

    public async Task<RfmProgram> RfmProgramAsync() => (await content.InForceAsync(RfmType))?.Shared<RfmProgram>() ?? RfmProgram.Default;

    public (SearchQuery? Query, IReadOnlyList<UserError> Errors) Compile(AudienceRule rule, string path = "rule") =>
        AudienceRuleCompiler.Compile(rule, MemberIndex, clock.GetUtcNow(), path, calendar.Zone);
}
