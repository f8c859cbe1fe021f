using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.BackgroundTasks;

namespace Shop.Framework.Search;

/// <summary>Applies the indexing queue every couple of seconds (one node at a time, by lease).</summary>
public sealed class SearchIndexingTask : IBackgroundTask
{
    public string Name => "search.index";

    public TimeSpan Interval => TimeSpan.FromSeconds(2);

    public Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken) =>
        scopedServices.GetRequiredService<IndexingWorker>().RunOnceAsync(ct: cancellationToken);
}
