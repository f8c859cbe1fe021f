using Shop.Framework.Data;
using Shop.Framework.Search;

namespace Shop.Audiences.Indexing;

/// <summary>Tags (manual and rule) and RFM scores on the member document.</summary>
public sealed class AudienceFieldsContributor(DbSession db) : ISearchDocumentContributor
{
    public string Index => SearchIndexes.Members;

    public IReadOnlyList<SearchField> Fields { get; } =
    [
        new(MemberIndexFields.Tags, SearchFieldType.Keyword, Multi: true),
        new(MemberIndexFields.RecencyScore, SearchFieldType.Long),
        new(MemberIndexFields.FrequencyScore, SearchFieldType.Long),
        new(MemberIndexFields.MonetaryScore, SearchFieldType.Long),
        new(MemberIndexFields.RfmSegment, SearchFieldType.Keyword),
    ];

    public async Task ContributeAsync(IReadOnlyDictionary<string, Dictionary<string, object?>> documents, CancellationToken ct = default)
    {
        var ids = documents.Keys.ToArray();
        var tags = await db.QueryAsync<TagRow>($"SELECT member_id AS MemberId, tag AS Tag FROM member_tags WHERE {db.In("member_id", "ids")}", new { ids });
        foreach (var group in tags.GroupBy(t => t.MemberId))
            if (documents.TryGetValue(group.Key, out var doc)) doc[MemberIndexFields.Tags] = group.Select(t => t.Tag).OrderBy(t => t, StringComparer.Ordinal).ToList();
        var rfm = await db.QueryAsync<RfmRow>($"SELECT member_id AS MemberId, r AS R, f AS F, m AS M, segment AS Segment FROM member_rfm WHERE {db.In("member_id", "ids")}", new { ids });
        foreach (var row in rfm)
        {
            if (!documents.TryGetValue(row.MemberId, out var doc)) continue;
            doc[MemberIndexFields.RecencyScore] = (long)row.R;
            doc[MemberIndexFields.FrequencyScore] = (long)row.F;
            doc[MemberIndexFields.MonetaryScore] = (long)row.M;
            doc[MemberIndexFields.RfmSegment] = row.Segment;
        }
    }

    private sealed class TagRow
    {
        public string MemberId { get; set; } = "";
        public string Tag { get; set; } = "";
    }

    private sealed class RfmRow
    {
        public string MemberId { get; set; } = "";
        public int R { get; set; }
        public int F { get; set; }
        public int M { get; set; }
        public string Segment { get; set; } = "";
    }
}
