using Microsoft.AspNetCore.Mvc;
using Shop.Audiences.Models;
using Shop.Audiences.Services;
using Shop.Framework.Data;

namespace Shop.Audiences.Admin;

/// <summary>The member page's audience panel: the member's tags (manual ones removable), a form to add one, and RFM.</summary>
public sealed class MemberAudiencePanel(DbSession db, AudienceCatalog catalog, MemberRfmQueries rfm) : ViewComponent
{
    public sealed record HeldTag(string Tag, string Source, long AddedAt, string AddedBy);

    public sealed record Model(string MemberId, IReadOnlyList<HeldTag> Tags, IReadOnlyList<TagDefinition> ManualTags, MemberRfm? Rfm);

    public async Task<IViewComponentResult> InvokeAsync(string memberId)
    {
        var held = (await db.QueryAsync<HeldTag>(
            "SELECT tag AS Tag, source AS Source, added_at AS AddedAt, added_by AS AddedBy FROM member_tags WHERE member_id = @memberId ORDER BY tag", new { memberId })).ToList();
        var manual = (await catalog.TagsAsync()).Select(t => t.Tag).Where(t => t.Kind == TagKinds.Manual && held.All(h => h.Tag != t.Key)).OrderBy(t => t.Key).ToList();
        var scores = await rfm.ForAsync([memberId]);
        return View("/Admin/Audiences/_MemberAudiencePanel.cshtml", new Model(memberId, held, manual, scores.GetValueOrDefault(memberId)));
    }
}
