namespace Shop.Framework.Search;

public sealed record SearchSort(string Field, bool Descending = false);

/// <summary>
/// A page of hits. Providers always add the document id as the last sort key, so
/// <see cref="SearchAfter"/> (the previous page's last <see cref="SearchHit.SortValues"/>)
/// pages stably even when sort values tie.
/// </summary>
public sealed record SearchRequest(SearchQuery Query)
{
    public IReadOnlyList<SearchSort> Sort { get; init; } = [];
    public int Size { get; init; } = 20;
    public IReadOnlyList<string>? SearchAfter { get; init; }
}

/// <param name="SortValues">Opaque strings to hand back as <see cref="SearchRequest.SearchAfter"/>.</param>
public sealed record SearchHit(string Id, IReadOnlyList<string> SortValues);

/// <param name="Total">Every match of the query, not just this page.</param>
public sealed record SearchResults(long Total, IReadOnlyList<SearchHit> Hits);
