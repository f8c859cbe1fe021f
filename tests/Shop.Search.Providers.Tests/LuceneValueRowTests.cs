using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Shop.Framework.Search;
using Shop.Search.Lucene;
using TermQuery = Shop.Framework.Search.TermQuery;

namespace Shop.Search.Providers.Tests;

/// <summary>
/// The id and the single-valued numbers and dates live in one binary row per document, values
/// addressed by slots kept in a file beside the index. The rows must round-trip the id and every
/// value, the slots must keep their meaning across restarts and new fields, and indexes written
/// by earlier versions — before rows (a numeric doc value per field), and before the id moved into
/// the row (a sorted doc value for it) — must still answer ranges, exact values, sorts, paging and
/// scans, also when their segments are merged with new ones.
/// </summary>
public sealed class LuceneValueRowTests : IDisposable
{
    private readonly LuceneFolder _folder = new("shop-lucene-rows");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Rows_round_trip_whole_numbers_and_doubles_by_slot()
    {
        long[] wholes = [0, 1, -1, 63, 64, -64, -65, 300, long.MaxValue, long.MinValue, 1_764_000_000_000];
        double[] doubles = [0.0, -0.0, 0.25, -1e300, double.Epsilon, double.PositiveInfinity, double.NegativeInfinity];
        var buffer = new byte[4]; // grows as values are appended
        var length = 0;
        for (var i = 0; i < wholes.Length; i++) ValueRow.Append(ref buffer, ref length, i * 37, isDouble: false, wholes[i]);
        for (var i = 0; i < doubles.Length; i++) ValueRow.Append(ref buffer, ref length, 1000 + i, isDouble: true, BitConverter.DoubleToInt64Bits(doubles[i]));
        var row = buffer.AsSpan(0, length);

        for (var i = 0; i < wholes.Length; i++)
        {
            Assert.True(ValueRow.TryRead(row, i * 37, out var raw));
            Assert.Equal(wholes[i], raw);
        }
        for (var i = 0; i < doubles.Length; i++)
        {
            Assert.True(ValueRow.TryRead(row, 1000 + i, out var raw));
            Assert.Equal(BitConverter.DoubleToInt64Bits(doubles[i]), raw);
        }
        Assert.False(ValueRow.TryRead(row, 1, out _));
        Assert.False(ValueRow.TryRead([], 0, out _));
    }

    [Fact]
    public void A_row_starts_with_the_id_and_its_values_follow()
    {
        var buffer = new byte[2]; // grows for the id and the values
        var length = 0;
        var id = "会员-" + new string('x', 200); // multi-byte characters, and a length prefix of two bytes
        ValueRow.StartWithId(ref buffer, ref length, id);
        ValueRow.Append(ref buffer, ref length, 3, isDouble: false, -42);
        ValueRow.Append(ref buffer, ref length, 4, isDouble: true, BitConverter.DoubleToInt64Bits(0.5));
        var row = buffer.AsSpan(0, length);

        var (offset, idLength) = ValueRow.Id(row);
        Assert.Equal(2, offset);
        Assert.Equal(id, System.Text.Encoding.UTF8.GetString(row.Slice(offset, idLength)));
        var values = ValueRow.Values(row, startsWithId: true);
        Assert.True(ValueRow.TryRead(values, 3, out var whole));
        Assert.Equal(-42, whole);
        Assert.True(ValueRow.TryRead(values, 4, out var raw));
        Assert.Equal(0.5, BitConverter.Int64BitsToDouble(raw));
        Assert.False(ValueRow.TryRead(values, 0, out _));
        Assert.Equal(length, ValueRow.Values(row, startsWithId: false).Length);
    }

    [Fact]
    public void Slots_are_kept_in_order_and_survive_reopening()
    {
        var slots = ValueSlots.Open(_folder.Path);
        Assert.Equal(-1, slots.Find("paid"));
        Assert.Equal(0, slots.For("paid"));
        Assert.Equal(1, slots.For("share"));
        Assert.Equal(0, slots.For("paid"));

        var reopened = ValueSlots.Open(_folder.Path);
        Assert.Equal(0, reopened.Find("paid"));
        Assert.Equal(1, reopened.Find("share"));
        Assert.Equal(2, reopened.For("lastOrderAt"));
        Assert.Equal(["paid", "share", "lastOrderAt"], File.ReadAllLines(Path.Combine(_folder.Path, ValueSlots.FileName)));
    }

    [Fact]
    public async Task Values_keep_their_meaning_across_a_restart_a_new_field_and_a_rebuild()
    {
        var first = new SearchIndexDefinition("rows", [new SearchField("paid", SearchFieldType.Long), new SearchField("share", SearchFieldType.Double)]);
        using (var provider = Provider())
        {
            var index = provider.Open(first);
            await index.UpsertAsync([Doc("a", ("paid", 100L), ("share", 0.5)), Doc("b", ("paid", 300L)), Doc("c", ("share", 0.9))]);
            await index.RefreshAsync();
        }

        // A later version declares a new field first: slots follow the file, not the definition's order.
        var second = new SearchIndexDefinition("rows",
            [new SearchField("visits", SearchFieldType.Long), new SearchField("paid", SearchFieldType.Long), new SearchField("share", SearchFieldType.Double)]);
        using (var provider = Provider())
        {
            var index = provider.Open(second);
            await index.UpsertAsync([Doc("d", ("visits", 7L), ("paid", 200L))]);
            await index.RefreshAsync();
            Assert.Equal(2, await index.CountAsync(new RangeQuery("paid") { Gte = "150" }));
            Assert.Equal(["b", "d", "a"], await Ids(index, new MatchAllQuery(), "paid", descending: true, take: 3));
            Assert.Equal(1, await index.CountAsync(new TermQuery("visits", "7")));
            Assert.Equal(2, await index.CountAsync(new RangeQuery("share") { Gt = "0.4" }));

            await using (var build = await provider.BeginRebuildAsync(second))
            {
                await build.UpsertAsync([Doc("x", ("paid", 5L), ("visits", 1L)), Doc("y", ("share", 0.1))]);
                await build.SwapAsync();
            }
            Assert.Equal(["x"], await Ids(index, new RangeQuery("visits") { Gte = "1" }, "paid", descending: false, take: 5));
            Assert.Equal(1, await index.CountAsync(new RangeQuery("share") { Lte = "0.1" }));
        }
    }

    [Fact]
    public async Task An_index_written_with_a_numeric_doc_value_per_field_is_still_read_and_mixes_with_rows()
    {
        var definition = new SearchIndexDefinition("legacy", [new SearchField("paid", SearchFieldType.Long), new SearchField("share", SearchFieldType.Double)]);
        var generation = Path.Combine(_folder.Index("legacy"), "g-initial");
        WriteLegacy(generation, [("l1", 100, 0.5), ("l2", 250, null), ("l3", null, 0.75)]);

        using var provider = Provider();
        var index = provider.Open(definition);
        Assert.Equal(1, await index.CountAsync(new RangeQuery("paid") { Gt = "100" }));
        Assert.Equal(1, await index.CountAsync(new TermQuery("paid", "100")));
        Assert.Equal(2, await index.CountAsync(new RangeQuery("share") { Gte = "0.5" }));
        Assert.Equal(["l2", "l1", "l3"], await Ids(index, new MatchAllQuery(), "paid", descending: true, take: 3));

        // New documents are written as rows; one replaces a legacy document.
        await index.UpsertAsync([Doc("n1", ("paid", 175L)), Doc("l1", ("paid", 50L), ("share", 0.1))]);
        await index.RefreshAsync();
        Assert.Equal(["l2", "n1", "l1", "l3"], await Ids(index, new MatchAllQuery(), "paid", descending: true, take: 4));
        Assert.Equal(2, await index.CountAsync(new RangeQuery("paid") { Gte = "100" }));
        Assert.Equal(1, await index.SearchAsync(new SearchRequest(new RangeQuery("share") { Lt = "0.5" }) { Size = 0 }).ContinueWith(t => t.Result.Total));

        // Merged into one segment, legacy values and rows sit side by side in the same documents' columns.
        var writer = ((LuceneIndex)index).Generation.Writer;
        writer.ForceMerge(1);
        await index.RefreshAsync();
        Assert.Equal(["l2", "n1", "l1", "l3"], await Ids(index, new MatchAllQuery(), "paid", descending: true, take: 4));
        Assert.Equal(2, await index.CountAsync(new RangeQuery("paid") { Gte = "100" }));
        Assert.Equal(1, await index.CountAsync(new RangeQuery("share") { Gt = "0.6" }));
    }

    [Fact]
    public async Task An_index_whose_ids_are_sorted_doc_values_mixes_with_rows_that_carry_the_id()
    {
        var definition = new SearchIndexDefinition("older", [new SearchField("paid", SearchFieldType.Long)]);
        var indexFolder = _folder.Index("older");
        WriteWithSortedIds(indexFolder, [("o1", 100), ("o2", 300), ("o3", null)]);

        using var provider = Provider();
        var index = provider.Open(definition);
        Assert.Equal(["o2", "o1", "o3"], await Ids(index, new MatchAllQuery(), "paid", descending: true, take: 5));

        // New documents carry their id in the row; one replaces an older document.
        await index.UpsertAsync([Doc("n1", ("paid", 200L)), Doc("n0", ("paid", 300L)), Doc("o1", ("paid", 50L))]);
        await index.RefreshAsync();
        string[] expected = ["n0", "o2", "n1", "o1", "o3"]; // 300 ties broken by id, the member without a value last
        await AssertReadsAll(index, expected);

        var writer = ((LuceneIndex)index).Generation.Writer;
        writer.ForceMerge(1); // one segment, both kinds of document
        await index.RefreshAsync();
        await AssertReadsAll(index, expected);
    }

    private static async Task AssertReadsAll(ISearchIndex index, string[] expected)
    {
        Assert.Equal(expected, await Ids(index, new MatchAllQuery(), "paid", descending: true, take: 10));
        var paged = new List<string>();
        IReadOnlyList<string>? after = null;
        while (true)
        {
            var page = await index.SearchAsync(new SearchRequest(new MatchAllQuery()) { Sort = [new SearchSort("paid", true)], Size = 2, SearchAfter = after });
            if (page.Hits.Count == 0) break;
            paged.AddRange(page.Hits.Select(h => h.Id));
            after = page.Hits[^1].SortValues;
        }
        Assert.Equal(expected, paged);
        // Sorted by id alone (the final key): UTF-8 byte order.
        Assert.Equal(expected.Order(StringComparer.Ordinal), (await index.SearchAsync(new SearchRequest(new MatchAllQuery()) { Size = 10 })).Hits.Select(h => h.Id));
        var scanned = new List<string>();
        await foreach (var batch in index.ScanIdsAsync(new MatchAllQuery(), batchSize: 2)) scanned.AddRange(batch);
        Assert.Equal(expected.Order(StringComparer.Ordinal), scanned.Order(StringComparer.Ordinal));
        Assert.Equal(3, await index.CountAsync(new RangeQuery("paid") { Gte = "200" }));
        Assert.Equal(1, await index.CountAsync(new TermQuery("paid", "50")));
    }

    private LuceneProvider Provider() => _folder.Provider();

    private static SearchDocument Doc(string id, params (string Field, object Value)[] fields) =>
        new(id, fields.ToDictionary(f => f.Field, f => (object?)f.Value));

    private static async Task<List<string>> Ids(ISearchIndex index, SearchQuery query, string sort, bool descending, int take) =>
        (await index.SearchAsync(new SearchRequest(query) { Sort = [new SearchSort(sort, descending)], Size = take })).Hits.Select(h => h.Id).ToList();

    /// <summary>Documents as the provider wrote them before ids moved into rows: id term and sorted value, existence terms, a row of values.</summary>
    private static void WriteWithSortedIds(string indexFolder, (string Id, long? Paid)[] documents)
    {
        var folder = Path.Combine(indexFolder, "g-initial");
        System.IO.Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(indexFolder, "CURRENT"), "g-initial");
        var slot = ValueSlots.Open(indexFolder).For("paid");
        using var directory = FSDirectory.Open(folder);
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new global::Lucene.Net.Analysis.Core.KeywordAnalyzer()));
        foreach (var (id, paid) in documents)
        {
            var document = new Document { new StringField("_id", id, Field.Store.NO), new SortedDocValuesField("_id", new BytesRef(id)) };
            if (paid is { } p)
            {
                var row = new byte[16];
                var length = 0;
                ValueRow.Append(ref row, ref length, slot, isDouble: false, p);
                document.Add(new StringField("_exists", "paid", Field.Store.NO));
                document.Add(new BinaryDocValuesField("_values", new BytesRef(row, 0, length)));
            }
            writer.AddDocument(document);
        }
        writer.Commit();
    }

    /// <summary>Documents as the provider wrote them before rows: id term and sorted value, existence terms, a numeric doc value per field.</summary>
    private static void WriteLegacy(string folder, (string Id, long? Paid, double? Share)[] documents)
    {
        System.IO.Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(folder)!, "CURRENT"), "g-initial");
        using var directory = FSDirectory.Open(folder);
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new global::Lucene.Net.Analysis.Core.KeywordAnalyzer()));
        foreach (var (id, paid, share) in documents)
        {
            var document = new Document { new StringField("_id", id, Field.Store.NO), new SortedDocValuesField("_id", new BytesRef(id)) };
            if (paid is { } p) document.Add(new StringField("_exists", "paid", Field.Store.NO));
            if (paid is { } q) document.Add(new NumericDocValuesField("paid", q));
            if (share is { } s) document.Add(new StringField("_exists", "share", Field.Store.NO));
            if (share is { } t) document.Add(new DoubleDocValuesField("share", t));
            writer.AddDocument(document);
        }
        writer.Commit();
    }
}
