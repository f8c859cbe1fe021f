using Shop.Framework.Search;
using Shop.Tiers.Services;

namespace Shop.Tiers.Indexing;

/// <summary>
/// Puts the tier level and growth value on the member document, as the API shows them: a member
/// without growth yet holds the level zero growth gives (0 when no published tier applies). One
/// query per batch.
/// </summary>
public sealed class TierDocumentContributor(TierQueries tiers) : ISearchDocumentContributor
{
    public string Index => SearchIndexes.Members;

    public IReadOnlyList<SearchField> Fields { get; } =
    [
        new SearchField(MemberIndexFields.TierLevel, SearchFieldType.Long),
        new SearchField(MemberIndexFields.GrowthValue, SearchFieldType.Long),
    ];

    public async Task ContributeAsync(IReadOnlyDictionary<string, Dictionary<string, object?>> documents, CancellationToken ct = default)
    {
        if (documents.Count == 0) return;
        var views = await tiers.ViewsAsync(documents.Keys.ToList());
        foreach (var (memberId, fields) in documents)
        {
            var view = views[memberId];
            fields[MemberIndexFields.TierLevel] = (long)view.Level;
            fields[MemberIndexFields.GrowthValue] = view.GrowthValue;
        }
    }
}
