using Microsoft.Extensions.Logging.Abstractions;
using Shop.Framework.Data;
using Shop.Framework.Search;
using Shop.Search.Lucene;

namespace Shop.Search.Providers.Tests;

/// <summary>The contract on the embedded provider, in a throwaway data folder.</summary>
public sealed class LuceneProviderContractTests : SearchProviderContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "shop-lucene-" + Guid.NewGuid().ToString("N"));
    private LuceneProvider? _provider;

    protected override Task<ISearchProvider> CreateProviderAsync(TimeProvider clock)
    {
        _provider = new LuceneProvider(new ShopPaths(_folder), clock, NullLogger<LuceneProvider>.Instance);
        return Task.FromResult<ISearchProvider>(_provider);
    }

    protected override Task CleanUpAsync()
    {
        _provider?.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_index_survives_a_restart_from_its_committed_generation()
    {
        await Index.UpsertAsync([new SearchDocument("late", new Dictionary<string, object?> { ["tags"] = new[] { "late" } })]);
        await Index.RefreshAsync();
        _provider!.Dispose();
        using var reopened = new LuceneProvider(new ShopPaths(_folder), Clock, NullLogger<LuceneProvider>.Instance);
        Assert.Equal(7, await reopened.Open(Definition).CountAsync(new MatchAllQuery()));
        _provider = null;
    }
}
