using Shop.Framework.Search;
using Shop.Points.Services;

namespace Shop.Points.Indexing;

/// <summary>
/// Puts the spendable points balance on the member document: the account's balance, without
/// points still pending (frozen after an order) or reserved by unpaid orders. A member who never
/// had an entry has no account row and a balance of 0. One query per batch.
/// </summary>
public sealed class PointsDocumentContributor(PointsBook book) : ISearchDocumentContributor
{
    public string Index => SearchIndexes.Members;

    public IReadOnlyList<SearchField> Fields { get; } = [new SearchField(MemberIndexFields.PointsBalance, SearchFieldType.Long)];

    public async Task ContributeAsync(IReadOnlyDictionary<string, Dictionary<string, object?>> documents, CancellationToken ct = default)
    {
        if (documents.Count == 0) return;
        var accounts = await book.AccountsAsync(documents.Keys.ToList());
        foreach (var (memberId, fields) in documents)
            fields[MemberIndexFields.PointsBalance] = accounts.TryGetValue(memberId, out var account) ? account.Balance : 0L;
    }
}
