using Shop.Audiences.Services;
using Shop.Framework.Search;

namespace Shop.Audiences.Indexing;

/// <summary>
/// Rechecks rule tags for the members the worker just reindexed, so a member who crosses a
/// rule's line gets (or loses) the tag a worker pass or two after the change rather than at the
/// next scheduled run. The tag change queues the member again; the next pass finds no drift.
/// </summary>
public sealed class RuleTagObserver(RuleTagService ruleTags) : ISearchIndexObserver
{
    public string Index => SearchIndexes.Members;

    public Task IndexedAsync(IReadOnlyList<string> documentIds, CancellationToken ct = default) => ruleTags.EvaluateAsync(documentIds, ct);
}
