using Shop.Framework.Search;
using Shop.Search.Lucene;

namespace Shop.Search.Providers.Tests;

/// <summary>The contract on the embedded provider, in a throwaway data folder.</summary>
public sealed class LuceneProviderContractTests : SearchProviderContract
{
    private readonly LuceneFolder _folder = new("shop-lucene");
    private LuceneProvider? _provider;

    protected override Task<ISearchProvider> CreateProviderAsync(TimeProvider clock)
    {
        _provider = _folder.Provider(clock);
        return Task.FromResult<ISearchProvider>(_provider);
    }

    protected override Task CleanUpAsync()
    {
        _provider?.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_index_survives_a_restart_from_its_committed_generation()
    {
        await Index.UpsertAsync([new SearchDocument("late", new Dictionary<string, object?> { ["tags"] = new[] { "late" } })]);
        await Index.RefreshAsync();
        _provider!.Dispose();
        using var reopened = _folder.Provider(Clock);
        Assert.Equal(7, await reopened.Open(Definition).CountAsync(new MatchAllQuery()));
        _provider = null;
    }
}
