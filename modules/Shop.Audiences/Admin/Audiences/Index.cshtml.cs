using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Audiences.Models;
using Shop.Audiences.Services;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Framework.Search;

namespace Shop.Audiences.Admin.Audiences;

/// <summary>/admin/audiences: saved audiences with their member counts, tags with holders, RFM segments and recent jobs.</summary>
[Authorize(Policy = PermissionPolicyProvider.Prefix + Permissions.ViewAudiences)]
public sealed class IndexModel(ContentManager content, AudienceCatalog catalog, AudienceQueries queries, MemberRfmQueries rfm, AudienceJobStore jobs) : PageModel
{
    public sealed record AudienceRow(ContentItem Item, Audience Audience, long? Count);
    public sealed record TagRow(TagDefinition Tag, long? Holders);

    public IReadOnlyList<AudienceRow> Audiences { get; private set; } = [];
    public IReadOnlyList<TagRow> Tags { get; private set; } = [];
    public IReadOnlyDictionary<string, long> Segments { get; private set; } = new Dictionary<string, long>();
    public IReadOnlyList<AudienceJob> Jobs { get; private set; } = [];
    public string? SearchProblem { get; private set; }
    public bool CanManage => User.HasPermission(Permissions.ManageAudiences);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (items, _) = await content.ListAsync(AudienceCatalog.AudienceType, null, null, new PageRequest(200, null));
        var rows = new List<AudienceRow>();
        var tags = new List<TagRow>();
        try
        {
            foreach (var item in items)
            {
                var audience = item.As<Audience>();
                rows.Add(new AudienceRow(item, audience, item.Published ? await queries.CountAsync(new PublishedAudience(item.ItemId, item.VersionId, audience), ct) : null));
            }
            var index = catalog.OpenMembers();
            foreach (var tag in await catalog.TagsAsync())
                tags.Add(new TagRow(tag.Tag, await index.CountAsync(new TermQuery(MemberIndexFields.Tags, tag.Tag.Key), ct)));
        }
        catch (SearchUnavailableException e)
        {
            SearchProblem = e.Message;
        }
        Audiences = rows.Count == items.Count ? rows : items.Select(i => new AudienceRow(i, i.As<Audience>(), null)).ToList();
        Tags = tags;
        Segments = await rfm.SegmentCountsAsync();
        Jobs = (await jobs.ListAsync(null, new PageRequest(20, null))).Rows.Take(20).ToList();
    }

    public Task<IActionResult> OnPostPublishAsync(string id) => ActAsync(id, (c, i, a) => c.PublishAsync(AudienceCatalog.AudienceType, i, a), "Published");

    public Task<IActionResult> OnPostArchiveAsync(string id) => ActAsync(id, (c, i, a) => c.ArchiveAsync(AudienceCatalog.AudienceType, i, a), "Archived");

    private async Task<IActionResult> ActAsync(string id, Func<ContentManager, string, string, Task<Shop.Framework.Content.ContentResult>> action, string done)
    {
        if (!CanManage) return Forbid();
        var result = await action(content, id, User.ActorName() ?? "staff");
        TempData["flash"] = result.Errors.Count == 0 ? $"{done} {result.Item!.DisplayText}." : string.Join(" ", result.Errors.Select(e => e.Message));
        return RedirectToPage();
    }
}
