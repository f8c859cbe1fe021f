using System.Collections.Concurrent;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;
using Shop.Framework.Data;
using Shop.Framework.Search;

namespace Shop.Search.Lucene;

/// <summary>
/// Indexes on disk under <c>{Shop:DataPath}/search/{index}/</c>, one directory per generation
/// and a <c>CURRENT</c> file naming the live one. A rebuild fills a new generation, commits it,
/// rewrites <c>CURRENT</c> atomically and swaps the open index to it; the old generation is
/// closed and deleted after a grace period so running queries finish on it (at once when the
/// provider closes first); generations a stopped process left are deleted when the index is
/// next opened. One process owns an index directory (Lucene's write lock enforces it): this is
/// the single-node provider.
/// </summary>
public sealed class LuceneProvider : ISearchProvider, IDisposable
{
    public const string ProviderName = "Lucene";
    private const string CurrentFile = "CURRENT";
    private static readonly TimeSpan RetireAfter = TimeSpan.FromSeconds(30);

    private readonly string _root;
    private readonly TimeProvider _clock;
    private readonly ILogger<LuceneProvider> _log;
    private readonly Analyzer _analyzer = new CjkTextAnalyzer();
    private readonly ConcurrentDictionary<string, LuceneIndex> _indexes = new();
    private readonly ConcurrentDictionary<string, ValueSlots> _slots = new();
    private readonly Lock _openLock = new();
    private readonly ConcurrentDictionary<string, byte> _building = new();
    private readonly ConcurrentDictionary<LuceneGeneration, byte> _retiring = new();

    public LuceneProvider(ShopPaths paths, TimeProvider clock, ILogger<LuceneProvider> log)
    {
        _root = Path.Combine(paths.DataPath, "search");
        _clock = clock;
        _log = log;
    }

    public string Name => ProviderName;

    public ISearchIndex Open(SearchIndexDefinition definition)
    {
        if (_indexes.TryGetValue(definition.Name, out var open))
        {
            if (!ReferenceEquals(open.Definition, definition)) open.Redefine(definition);
            return open;
        }
        lock (_openLock)
        {
            return _indexes.GetOrAdd(definition.Name, _ =>
            {
                var folder = IndexFolder(definition.Name);
                var current = Path.Combine(folder, CurrentFile);
                var name = File.Exists(current) ? File.ReadAllText(current).Trim() : "g-initial";
                RemoveLeftovers(folder, name);
                var generation = LuceneGeneration.Open(Path.Combine(folder, name), _analyzer, create: false);
                if (!File.Exists(current)) WriteCurrent(folder, name);
                return new LuceneIndex(definition, generation, Slots(definition.Name), _analyzer, _clock);
            });
        }
    }

    public Task<ISearchIndexBuild> BeginRebuildAsync(SearchIndexDefinition definition, CancellationToken ct = default)
    {
        var name = $"g-{_clock.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}"[..28];
        var path = Path.Combine(IndexFolder(definition.Name), name);
        _building.TryAdd(path, 0); // before the folder exists, so a first open meanwhile never takes it for a leftover
        try
        {
            return Task.FromResult<ISearchIndexBuild>(new Build(this, definition, name, LuceneGeneration.Open(path, _analyzer, create: true)));
        }
        catch
        {
            _building.TryRemove(path, out _);
            throw;
        }
    }

    public Task<SearchHealth> HealthAsync(CancellationToken ct = default)
    {
        try
        {
            Directory.CreateDirectory(_root);
            return Task.FromResult(new SearchHealth(true, $"Lucene indexes in {_root} ({_indexes.Count} open)"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(new SearchHealth(false, $"Lucene index folder {_root} is not usable: {e.Message}"));
        }
    }

    private string IndexFolder(string index) => Path.Combine(_root, index);

    /// <summary>One slot map per index, shared by its generations: a rebuild keeps every slot's meaning.</summary>
    private ValueSlots Slots(string index) => _slots.GetOrAdd(index, name => ValueSlots.Open(IndexFolder(name)));

    /// <summary>Write-then-rename, so a crash leaves either the old or the new generation named, never half a file.</summary>
    private static void WriteCurrent(string folder, string generation)
    {
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, CurrentFile + ".tmp");
        File.WriteAllText(temp, generation);
        File.Move(temp, Path.Combine(folder, CurrentFile), overwrite: true);
    }

    private void Retire(LuceneGeneration old)
    {
        _retiring.TryAdd(old, 0);
        _ = Task.Delay(RetireAfter, _clock).ContinueWith(_ => Remove(old), TaskScheduler.Default);
    }

    /// <summary>Closes and deletes a retired generation, once: after its grace period, or when the provider closes first.</summary>
    private void Remove(LuceneGeneration old)
    {
        if (!_retiring.TryRemove(old, out _)) return;
        try
        {
            old.Dispose();
            Directory.Delete(old.Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _log.LogWarning(e, "Could not remove retired index generation {Path}", old.Path);
        }
    }

    /// <summary>
    /// Deletes generations that CURRENT does not name and no writer holds: what a process that
    /// died mid-rebuild left, or one that stopped before an old generation's grace period ended.
    /// A build of this process is known by name; one of another process holds its write lock.
    /// </summary>
    private void RemoveLeftovers(string folder, string current)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var path in Directory.EnumerateDirectories(folder, "g-*"))
        {
            if (Path.GetFileName(path) == current || _building.ContainsKey(path)) continue;
            try
            {
                using (var directory = global::Lucene.Net.Store.FSDirectory.Open(path))
                    if (IndexWriter.IsLocked(directory)) continue;
                Directory.Delete(path, recursive: true);
                _log.LogInformation("Removed leftover index generation {Path}", path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.LogWarning(e, "Could not remove leftover index generation {Path}", path);
            }
        }
    }

    public void Dispose()
    {
        foreach (var index in _indexes.Values)
        {
            try
            {
                index.Generation.Writer.Commit();
            }
            finally
            {
                index.Dispose();
            }
        }
        _indexes.Clear();
        // No query outlives the provider, so retired generations need not wait out their grace period.
        foreach (var old in _retiring.Keys) Remove(old);
        _analyzer.Dispose();
    }

    private sealed class Build(LuceneProvider provider, SearchIndexDefinition definition, string name, LuceneGeneration generation) : ISearchIndexBuild
    {
        private bool _swapped;
        private readonly List<(string First, string Last)> _written = [];

        public Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct = default)
        {
            if (documents.Count == 0) return Task.CompletedTask;
            // The generation starts empty, so a batch of strictly ascending ids whose span meets no
            // batch written before cannot hold an id the index has: a rebuild's keyset pages only add,
            // also when two writers take them out of order. Anything else updates.
            var ascending = documents.Zip(documents.Skip(1)).All(p => string.CompareOrdinal(p.First.Id, p.Second.Id) < 0);
            (string First, string Last) span = ascending
                ? (documents[0].Id, documents[^1].Id)
                : (documents.Select(d => d.Id).Min(StringComparer.Ordinal)!, documents.Select(d => d.Id).Max(StringComparer.Ordinal)!);
            bool added;
            lock (_written)
            {
                added = ascending && !_written.Any(w => string.CompareOrdinal(span.First, w.Last) <= 0 && string.CompareOrdinal(w.First, span.Last) <= 0);
                _written.Add(span);
            }
            LuceneIndex.Write(generation.Writer, definition, provider.Slots(definition.Name), documents, added);
            return Task.CompletedTask;
        }

        public Task SwapAsync(CancellationToken ct = default)
        {
            generation.StartSearching();
            provider._building.TryRemove(generation.Path, out _);
            var folder = provider.IndexFolder(definition.Name);
            lock (provider._openLock)
            {
                WriteCurrent(folder, name);
                if (provider._indexes.TryGetValue(definition.Name, out var live))
                {
                    live.Redefine(definition);
                    provider.Retire(live.Swap(generation));
                }
                else
                {
                    provider._indexes[definition.Name] = new LuceneIndex(definition, generation, provider.Slots(definition.Name), provider._analyzer, provider._clock);
                }
            }
            _swapped = true;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (_swapped) return ValueTask.CompletedTask;
            provider._building.TryRemove(generation.Path, out _);
            generation.Dispose();
            try
            {
                Directory.Delete(generation.Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover build folder is never named by CURRENT; the next rebuild ignores it.
            }
            return ValueTask.CompletedTask;
        }
    }
}
