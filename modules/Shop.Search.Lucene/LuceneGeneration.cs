using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Shop.Search.Lucene;

/// <summary>
/// One physical index on disk (a directory per generation): its single writer and the
/// near-real-time searcher manager fed from that writer. A rebuild makes a new generation and
/// the index swaps to it; the old one is closed once in-flight work has had time to finish.
/// </summary>
internal sealed class LuceneGeneration : IDisposable
{
    private LuceneGeneration(string path, FSDirectory directory, IndexWriter writer)
    {
        Path = path;
        Directory = directory;
        Writer = writer;
    }

    public string Path { get; }

    public FSDirectory Directory { get; }

    public IndexWriter Writer { get; }

    public SearcherManager? Searchers { get; private set; }

    public static LuceneGeneration Open(string path, Analyzer analyzer, bool create)
    {
        System.IO.Directory.CreateDirectory(path);
        var directory = FSDirectory.Open(path);
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)
        {
            OpenMode = create ? OpenMode.CREATE : OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = 64,
        };
        var writer = new IndexWriter(directory, config);
        var generation = new LuceneGeneration(path, directory, writer);
        if (!create) generation.StartSearching();
        return generation;
    }

    /// <summary>Commits so an empty or rebuilt index has a segment file, then opens NRT readers on the writer.</summary>
    public void StartSearching()
    {
        Writer.Commit();
        Searchers ??= new SearcherManager(Writer, applyAllDeletes: true, searcherFactory: null);
    }

    public void Dispose()
    {
        Searchers?.Dispose();
        Writer.Dispose();
        Directory.Dispose();
    }
}
