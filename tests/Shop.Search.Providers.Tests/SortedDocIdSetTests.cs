using Shop.Search.Lucene;

namespace Shop.Search.Providers.Tests;

/// <summary>The counter follows rare sets with <see cref="SortedDocIdSet.Seek"/>: it must find what a scan finds, near and far.</summary>
public sealed class SortedDocIdSetTests
{
    [Fact]
    public void Seek_finds_the_first_id_at_or_above_the_target_like_a_scan()
    {
        var random = new Random(5);
        var checkedSeeks = 0;
        foreach (var size in new[] { 0, 1, 2, 7, 8, 9, 17, 100, 5000 })
        {
            var docs = Enumerable.Range(0, size * 3).Where(_ => random.Next(3) == 0).Take(size).ToArray();
            for (var n = 0; n < 400; n++)
            {
                var from = random.Next(0, docs.Length + 1);
                var target = random.Next(-2, size * 3 + 3);
                var expected = from;
                while (expected < docs.Length && docs[expected] < target) expected++;
                Assert.Equal(expected, SortedDocIdSet.Seek(docs, from, target));
                checkedSeeks++;
            }
        }
        Assert.Equal(9 * 400, checkedSeeks);
    }
}
