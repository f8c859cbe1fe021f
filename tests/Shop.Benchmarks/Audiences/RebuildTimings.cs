using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Search;

namespace Shop.Benchmarks.Audiences;

/// <summary>
/// Where a rebuild's time goes, without changing what it does: the index's document source,
/// every contributor and the search provider are wrapped in decorators that add up the time
/// spent in each call (a Stopwatch read per batch, nothing per document). The rebuild itself is
/// the app's <see cref="SearchRebuilder"/>, unchanged.
/// </summary>
public sealed class RebuildTimings
{
    private readonly ConcurrentDictionary<string, long> _ticks = new();

    public const string Ids = "source: ids (keyset page)";
    public const string Source = "source: members + orders query";
    public const string Lucene = "provider: build Lucene docs + IndexWriter.UpdateDocument";
    public const string Swap = "provider: swap (commit + open searcher)";

    public static string Contributor(object contributor) => $"contributor: {contributor.GetType().Name}";

    public void Reset() => _ticks.Clear();

    public IReadOnlyList<(string Part, TimeSpan Time)> Parts =>
        _ticks.Select(p => (p.Key, Stopwatch.GetElapsedTime(0, p.Value))).OrderByDescending(p => p.Item2).ToList();

    private async Task<T> Time<T>(string part, Func<Task<T>> work)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await work();
        }
        finally
        {
            var elapsed = Stopwatch.GetTimestamp() - started;
            _ticks.AddOrUpdate(part, elapsed, (_, total) => total + elapsed);
        }
    }

    private Task Time(string part, Func<Task> work) => Time(part, async () =>
    {
        await work();
        return true;
    });

    /// <summary>Wraps every registered source, contributor and provider (call from ConfigureTestServices).</summary>
    public void Decorate(IServiceCollection services)
    {
        Replace<ISearchDocumentSource>(services, inner => new TimedSource(inner, this));
        Replace<ISearchDocumentContributor>(services, inner => new TimedContributor(inner, this));
        Replace<ISearchProvider>(services, inner => new TimedProvider(inner, this));
    }

    private static void Replace<T>(IServiceCollection services, Func<T, T> wrap) where T : class
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(T) || descriptor.IsKeyedService) continue;
            Func<IServiceProvider, object> create = descriptor switch
            {
                { ImplementationInstance: { } instance } => _ => instance,
                { ImplementationFactory: { } factory } => factory,
                { ImplementationType: { } type } => sp => ActivatorUtilities.CreateInstance(sp, type),
                _ => throw new InvalidOperationException($"Cannot decorate {descriptor}."),
            };
            services[i] = new ServiceDescriptor(typeof(T), sp => wrap((T)create(sp)), descriptor.Lifetime);
        }
    }

    private sealed class TimedSource(ISearchDocumentSource inner, RebuildTimings timings) : ISearchDocumentSource
    {
        public SearchIndexDefinition Definition => inner.Definition;

        public Task<IReadOnlyList<SearchDocument>> LoadAsync(IReadOnlyList<string> ids, CancellationToken ct = default) =>
            timings.Time(Source, () => inner.LoadAsync(ids, ct));

        public Task<IReadOnlyList<string>> IdsAfterAsync(string? afterId, int take, CancellationToken ct = default) =>
            timings.Time(Ids, () => inner.IdsAfterAsync(afterId, take, ct));

        public Task<long> CountAsync(CancellationToken ct = default) => inner.CountAsync(ct);
    }

    private sealed class TimedContributor(ISearchDocumentContributor inner, RebuildTimings timings) : ISearchDocumentContributor
    {
        private readonly string _part = Contributor(inner);

        public string Index => inner.Index;

        public IReadOnlyList<SearchField> Fields => inner.Fields;

        public Task ContributeAsync(IReadOnlyDictionary<string, Dictionary<string, object?>> documents, CancellationToken ct = default) =>
            timings.Time(_part, () => inner.ContributeAsync(documents, ct));
    }

    private sealed class TimedProvider(ISearchProvider inner, RebuildTimings timings) : ISearchProvider
    {
        public string Name => inner.Name;

        public ISearchIndex Open(SearchIndexDefinition definition) => inner.Open(definition);

        public async Task<ISearchIndexBuild> BeginRebuildAsync(SearchIndexDefinition definition, CancellationToken ct = default) =>
            new TimedBuild(await inner.BeginRebuildAsync(definition, ct), timings);

        public Task<SearchHealth> HealthAsync(CancellationToken ct = default) => inner.HealthAsync(ct);
    }

    private sealed class TimedBuild(ISearchIndexBuild inner, RebuildTimings timings) : ISearchIndexBuild
    {
        public Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct = default) =>
            timings.Time(Lucene, () => inner.UpsertAsync(documents, ct));

        public Task SwapAsync(CancellationToken ct = default) => timings.Time(Swap, () => inner.SwapAsync(ct));

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
