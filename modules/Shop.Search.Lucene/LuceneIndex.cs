using System.Runtime.CompilerServices;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Shop.Framework.Search;

namespace Shop.Search.Lucene;

/// <summary>
/// An index on disk: one writer (IndexWriter is thread-safe), near-real-time searchers that see
/// writes after <see cref="RefreshAsync"/>, and the term-filter cache. Queries acquire a searcher
/// and release it, so a refresh or a swap never pulls a reader from under a running query.
/// </summary>
internal sealed class LuceneIndex(SearchIndexDefinition definition, LuceneGeneration generation, ValueSlots slots, Analyzer analyzer, TimeProvider clock)
    : ISearchIndex, IDisposable
{
    private volatile LuceneGeneration _generation = generation;
    private volatile SearchIndexDefinition _definition = definition;
    private readonly TermFilterCache _filters = new();
    private readonly NumericValuesCache _values = new(slots);

    public SearchIndexDefinition Definition => _definition;

    public LuceneGeneration Generation => _generation;

    /// <summary>Fields may grow when a module contributing to this index is enabled; mappings are per document in Lucene.</summary>
    public void Redefine(SearchIndexDefinition definition) => _definition = definition;

    /// <summary>Makes a rebuilt generation the live one and returns the previous one for the caller to retire.</summary>
    public LuceneGeneration Swap(LuceneGeneration next)
    {
        var previous = _generation;
        _generation = next;
        return previous;
    }

    public Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct = default)
    {
        Write(_generation.Writer, _definition, slots, documents);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Adds or replaces each document by id. <paramref name="added"/> vouches that no id is in the
    /// index yet and none repeats (a rebuild's fresh index): the documents are then only added,
    /// without the delete-by-id an update buffers and later applies to every segment.
    /// </summary>
    public static void Write(IndexWriter writer, SearchIndexDefinition definition, ValueSlots slots, IReadOnlyList<SearchDocument> documents, bool added = false)
    {
        // Check every document first, so one that does not fit the definition fails the batch before anything is written.
        var documentWriter = new LuceneDocuments(definition, slots);
        var prepared = documents.Select(documentWriter.Prepare).ToList();
        foreach (var document in prepared)
        {
            if (added) writer.AddDocument(documentWriter.Fields(document));
            else writer.UpdateDocument(new Term(LuceneFields.Id, document.Id), documentWriter.Fields(document));
        }
    }

    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken ct = default)
    {
        if (ids.Count > 0) _generation.Writer.DeleteDocuments(ids.Select(id => new Term(LuceneFields.Id, id)).ToArray());
        return Task.CompletedTask;
    }

    public Task RefreshAsync(CancellationToken ct = default)
    {
        var generation = _generation;
        generation.Writer.Commit();
        generation.Searchers!.MaybeRefreshBlocking();
        return Task.CompletedTask;
    }

    public Task<long> CountAsync(SearchQuery query, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        // The counter checks what it counts as the compiler would (fields, values, bounds); anything
        // else is compiled, which checks it, and counted by Lucene.
        var counter = new LuceneCounter(_definition, now, _filters, _values);
        return Task.FromResult(WithSearcher(searcher => counter.TryCount(searcher, query) ?? Count(searcher, Compile(query, now))));
    }

    public Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        if (request.Size is < 0 or > 10_000) throw new SearchQueryException("Size must be between 0 and 10000.");
        var compiled = Compile(request.Query);
        var sort = LuceneSortValues.Sort(_definition, request.Sort, _values);
        var after = request.SearchAfter is { Count: > 0 } values ? LuceneSortValues.After(sort, values) : null;
        return Task.FromResult(WithSearcher(searcher =>
        {
            var size = Math.Max(1, request.Size);
            var top = after is null
                ? searcher.Search(compiled, null, size, sort, false, false)
                : searcher.SearchAfter(after, compiled, null, size, sort, false, false);
            // total counts every match, not just those after the cursor
            var total = after is null ? top.TotalHits : Count(searcher, compiled);
            var hits = request.Size == 0 ? [] : top.ScoreDocs.Cast<FieldDoc>()
                .Select(d => new SearchHit(IdOf(d), d.Fields.Select(LuceneSortValues.Encode).ToList())).ToList();
            return new SearchResults(total, hits);
        }));
    }

    private static long Count(IndexSearcher searcher, Query query)
    {
        var collector = new TotalHitCountCollector();
        searcher.Search(query, collector);
        return collector.TotalHits;
    }

    /// <summary>
    /// Walks every match segment by segment on one searcher (one consistent snapshot, no deep
    /// paging), reading ids from the documents' rows.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<string>> ScanIdsAsync(SearchQuery query, int batchSize = 1000,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (batchSize is < 1 or > 100_000) throw new SearchQueryException("Batch size must be between 1 and 100000.");
        var compiled = Compile(query);
        var manager = _generation.Searchers!;
        var searcher = manager.Acquire();
        try
        {
            var weight = searcher.CreateNormalizedWeight(compiled);
            var batch = new List<string>(batchSize);
            var bytes = new BytesRef();
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                var scorer = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
                if (scorer is null) continue;
                var ids = new SegmentIds(leaf.AtomicReader);
                int doc;
                while ((doc = scorer.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                {
                    ids.Get(doc, bytes);
                    batch.Add(bytes.Utf8ToString());
                    if (batch.Count < batchSize) continue;
                    ct.ThrowIfCancellationRequested();
                    yield return batch;
                    batch = new List<string>(batchSize);
                    await Task.Yield();
                }
            }
            if (batch.Count > 0) yield return batch;
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    private Query Compile(SearchQuery query) => Compile(query, clock.GetUtcNow());

    private Query Compile(SearchQuery query, DateTimeOffset now) => new LuceneQueryCompiler(_definition, now, analyzer, _filters, _values).Compile(query);

    private T WithSearcher<T>(Func<IndexSearcher, T> work)
    {
        var manager = _generation.Searchers!;
        var searcher = manager.Acquire();
        try
        {
            return work(searcher);
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    private string IdOf(FieldDoc doc) => ((BytesRef)doc.Fields[^1]).Utf8ToString();

    public void Dispose() => _generation.Dispose();
}
