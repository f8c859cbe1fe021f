using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Framework.Search;
using Shop.Testing;

namespace Shop.Search.Tests;

/// <summary>A host with the test index, and helpers to make members and read the index.</summary>
public sealed class SearchApp : ShopAppFactory
{
    public FailureSwitch Failures { get; } = new();

    public SearchApp()
    {
        WithSetting("Shop:Modules", "Shop.Members,Shop.Search.Lucene");
        WithServices(s =>
        {
            s.AddSingleton(Failures);
            s.AddSearchIndex<MemberCitiesSource>(MemberCitiesSource.Index);
            s.AddSearchContributor<NameLengthContributor>();
        });
    }

    public IndexingWorker Worker => Services.GetRequiredService<IndexingWorker>();

    public SearchRebuilder Rebuilder => Services.GetRequiredService<SearchRebuilder>();

    /// <summary>Runs <paramref name="work"/> in one unit of work, as a request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, DbSession, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        return await work(scope.ServiceProvider, db);
    }

    /// <summary>A member row with a city, and its indexing task, committed together.</summary>
    public Task<string> AddMemberAsync(string name, string city) => InScopeAsync(async (sp, db) =>
    {
        var id = Ids.New("mem");
        await db.InTransactionAsync(async () =>
        {
            await db.ExecuteAsync(
                "INSERT INTO members (id, display_name, city, registration_channel, created_at, updated_at) VALUES (@id, @name, @city, 'test', 0, 0)",
                new { id, name, city });
            await sp.GetRequiredService<IIndexingQueue>().EnqueueAsync(MemberCitiesSource.Index, id);
        });
        return id;
    });

    public Task<long> CountAsync(SearchQuery query) =>
        InScopeAsync((sp, _) => sp.GetRequiredService<SearchCatalog>().Open(MemberCitiesSource.Index).CountAsync(query));

    public Task<long> PendingAsync() =>
        InScopeAsync((_, db) => db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM search_tasks WHERE index_name = @i", new { i = MemberCitiesSource.Index }));
}
