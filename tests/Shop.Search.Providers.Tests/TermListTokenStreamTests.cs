using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Shop.Search.Lucene;

namespace Shop.Search.Providers.Tests;

/// <summary>
/// A document's untokenised terms go in as one field instance per field name; the index must
/// hold exactly the postings one <see cref="StringField"/> per value gives (no norms, documents
/// only), with the stream reused from document to document.
/// </summary>
public sealed class TermListTokenStreamTests
{
    private static readonly string[][] Tags = [["vip", "tea", "新客"], [], ["tea"], ["vip", "vip", "coffee"], ["新客"]];

    [Fact]
    public void Gives_the_postings_of_one_string_field_per_value()
    {
        using var streamed = Index(() =>
        {
            var stream = new TermListTokenStream("tags");
            return values =>
            {
                stream.Clear();
                foreach (var value in values) stream.Add(value);
                return stream.Count == 0 ? [] : [stream.Field];
            };
        });
        using var plain = Index(() => values => values.Select(v => (IIndexableField)new StringField("tags", v, Field.Store.NO)).ToList());

        Assert.Equal(Postings(plain), Postings(streamed));
        Assert.Equal(["coffee:3", "tea:0,2", "vip:0,3", "新客:0,4"], Postings(streamed));
        var info = MultiFields.GetMergedFieldInfos(streamed).FieldInfo("tags");
        Assert.Equal(IndexOptions.DOCS_ONLY, info.IndexOptions);
        Assert.True(info.OmitsNorms);
    }

    /// <param name="fieldsFor">Makes the function that turns one document's tags into its fields (called once: its state is reused).</param>
    private static DirectoryReader Index(Func<Func<string[], IList<IIndexableField>>> fieldsFor)
    {
        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new global::Lucene.Net.Analysis.Core.KeywordAnalyzer())))
        {
            var fields = fieldsFor();
            foreach (var tags in Tags) writer.AddDocument(fields(tags));
        }
        return DirectoryReader.Open(directory);
    }

    private static List<string> Postings(IndexReader reader)
    {
        var result = new List<string>();
        var terms = MultiFields.GetTerms(reader, "tags").GetEnumerator();
        while (terms.MoveNext())
        {
            var docs = terms.Docs(null, null, DocsFlags.NONE);
            var ids = new List<int>();
            int doc;
            while ((doc = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS) ids.Add(doc);
            result.Add($"{terms.Term.Utf8ToString()}:{string.Join(',', ids)}");
        }
        return result;
    }
}
