using GraphQL.DataLoader;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Collects keys requested while a level of the query resolves and fetches them in one call
/// when the first result is awaited, so a list of N nodes costs one query instead of N.
/// One instance per request (see <see cref="DataLoaders"/>).
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly HashSet<TKey> _pending = [];
    private readonly Dictionary<TKey, TValue> _loaded = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        lock (_pending)
        {
            if (!_loaded.ContainsKey(key)) _pending.Add(key);
        }
        return new Result(this, key);
    }

    private async Task<TValue?> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            List<TKey> batch;
            lock (_pending)
            {
                batch = _pending.Where(k => !_loaded.ContainsKey(k)).ToList();
                _pending.Clear();
            }
            if (batch.Count > 0)
            {
                var fetched = await fetch(batch, cancellationToken);
                foreach (var pair in fetched) _loaded[pair.Key] = pair.Value;
            }
            return _loaded.GetValueOrDefault(key);
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue?>
    {
        public Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}

/// <summary>The request's loaders, by name. Registered scoped.</summary>
public sealed class DataLoaders
{
    private readonly Dictionary<string, object> _loaders = [];

    public BatchLoader<TKey, TValue> Get<TKey, TValue>(string name,
        Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch) where TKey : notnull
    {
        lock (_loaders)
        {
            if (!_loaders.TryGetValue(name, out var loader))
                _loaders[name] = loader = new BatchLoader<TKey, TValue>(fetch);
            return (BatchLoader<TKey, TValue>)loader;
        }
    }
}

public static class DataLoaderResultExtensions
{
    /// <summary>Maps a pending loader result without resolving it early.</summary>
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> result, Func<T, TResult> map) =>
        new Mapped<T, TResult>(result, map);

    private sealed class Mapped<T, TResult>(IDataLoaderResult<T> inner, Func<T, TResult> map) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) => map(await inner.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
