using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Search;
using Shop.Framework.Seeding;

namespace Shop.Members.Indexing;

/// <summary>
/// Demo data goes straight into the tables, past the services that queue members for indexing,
/// so this last seeder rebuilds the members index from what the others wrote: a fresh demo is
/// searchable at once. Without a search provider there is nothing to fill.
/// </summary>
public sealed class MemberDocumentsSeeder : IDemoSeeder
{
    public int Order => int.MaxValue;

    /// <summary>The index is this seeder's data: empty when it holds no document.</summary>
    public async Task<bool> IsEmptyAsync(IServiceProvider services)
    {
        if (services.GetService<ISearchProvider>() is null) return false;
        try
        {
            return await services.GetRequiredService<SearchCatalog>().Open(SearchIndexes.Members).CountAsync(new MatchAllQuery()) == 0;
        }
        catch (SearchUnavailableException)
        {
            return false; // a cluster that is down is filled later with `reindex`; the demo starts anyway
        }
    }

    public async Task SeedAsync(IServiceProvider services, SeedOptions options, IProgress<SeedProgress> progress, CancellationToken cancellationToken)
    {
        var rebuilder = services.GetRequiredService<SearchRebuilder>();
        if (services.GetService<ISearchProvider>() is null || !await rebuilder.TryClaimAsync(SearchIndexes.Members, cancellationToken)) return;
        await rebuilder.RunAsync(SearchIndexes.Members, new RebuildProgress(progress), cancellationToken);
    }

    private sealed class RebuildProgress(IProgress<SeedProgress> seeding) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => seeding.Report(new SeedProgress("members index", value.Done, value.Total));
    }
}
