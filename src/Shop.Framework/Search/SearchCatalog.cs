using Microsoft.Extensions.DependencyInjection;

namespace Shop.Framework.Search;

/// <summary>
/// The indexes enabled modules define, as the provider sees them: the source's fields plus
/// every contributor's, and documents built the same way for the worker and for rebuilds.
/// Scoped: sources and contributors read through the request's unit of work.
/// </summary>
public sealed class SearchCatalog(IEnumerable<ISearchDocumentSource> sources, IEnumerable<ISearchDocumentContributor> contributors, IServiceProvider services)
{
    private readonly Dictionary<string, ISearchDocumentSource> _sources = sources.ToDictionary(s => s.Definition.Name);
    private readonly Dictionary<string, SearchIndexDefinition> _definitions = [];

    public IReadOnlyCollection<string> Indexes => _sources.Keys;

    public bool Defines(string index) => _sources.ContainsKey(index);

    public ISearchDocumentSource Source(string index) =>
        _sources.GetValueOrDefault(index) ?? throw new SearchQueryException($"No enabled module defines the search index '{index}'.");

    public SearchIndexDefinition Definition(string index)
    {
        if (_definitions.TryGetValue(index, out var known)) return known;
        var source = Source(index);
        var fields = source.Definition.Fields.Concat(contributors.Where(c => c.Index == index).SelectMany(c => c.Fields)).ToList();
        var duplicate = fields.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Search index '{index}' declares field '{duplicate.Key}' twice.");
        return _definitions[index] = new SearchIndexDefinition(index, fields);
    }

    /// <summary>The live index on the configured provider.</summary>
    public ISearchIndex Open(string index) => Provider.Open(Definition(index));

    public ISearchProvider Provider =>
        services.GetService<ISearchProvider>() ?? throw new SearchUnavailableException(
            "No search provider is enabled: enable Shop.Search.Lucene or set Shop:Search:Provider=Elasticsearch with Shop:Search:Url.");

    /// <summary>Documents for these ids (source fields, then each contributor's); ids the source no longer has are left out.</summary>
    public async Task<IReadOnlyList<SearchDocument>> BuildAsync(string index, IReadOnlyList<string> ids, CancellationToken ct = default)
    {
        var documents = await Source(index).LoadAsync(ids, ct);
        var bags = documents.ToDictionary(d => d.Id, d => new Dictionary<string, object?>(d.Fields));
        foreach (var contributor in contributors.Where(c => c.Index == index))
            await contributor.ContributeAsync(bags, ct);
        return documents.Select(d => new SearchDocument(d.Id, bags[d.Id])).ToList();
    }
}
