using Shop.Framework.Search;
using Shop.Search.Lucene;

namespace Shop.Search.Providers.Tests;

/// <summary>
/// The Lucene provider counts audience-shaped queries with bitsets rather than with scorers; on an
/// index large enough for both rare terms (compressed sets) and common ones (plain bitsets), over
/// several segments and with replaced documents (deletions), every count must equal the number of
/// hits a search finds for the same query.
/// </summary>
public sealed class LuceneCountTests : IDisposable
{
    private static readonly string[] Tags = Enumerable.Range(0, 40).Select(i => $"t{i:D2}").ToArray();
    private static readonly string[] Cities = ["上海", "北京", "广州", "深圳"];
    private readonly LuceneFolder _folder = new("shop-lucene-count");
    private readonly LuceneProvider _provider;

    private readonly SearchIndexDefinition _definition = new("counts",
    [
        new SearchField("tags", SearchFieldType.Keyword, Multi: true),
        new SearchField("city", SearchFieldType.Keyword),
        new SearchField("paid", SearchFieldType.Long),
        new SearchField("share", SearchFieldType.Double),
        new SearchField("lastOrderAt", SearchFieldType.Date),
        new SearchField("vip", SearchFieldType.Bool),
        new SearchField("bio", SearchFieldType.Text),
    ]);

    public LuceneCountTests() => _provider = _folder.Provider();

    public void Dispose()
    {
        _provider.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Counts_equal_the_hits_of_a_search_for_every_audience_shape()
    {
        var random = new Random(7);
        var index = _provider.Open(_definition);
        // Three refreshes make three segments; the last batch replaces documents of the first two.
        foreach (var (from, to) in new[] { (0, 1500), (1500, 3000), (2500, 3300) })
        {
            await index.UpsertAsync(Enumerable.Range(from, to - from).Select(i => Member(i, random)).ToList());
            await index.RefreshAsync();
        }
        await index.DeleteAsync(["m00007", "m01234", "m02999"]);
        await index.RefreshAsync();

        var checkedQueries = 0;
        for (var n = 0; n < 300; n++)
        {
            var query = Audience(random);
            var hits = await index.SearchAsync(new SearchRequest(query) { Size = 0 });
            Assert.True(hits.Total == await index.CountAsync(query), $"count differs from the search's total for {System.Text.Json.JsonSerializer.Serialize(query)}");
            checkedQueries++;
        }
        Assert.Equal(300, checkedQueries);
    }

    private static SearchDocument Member(int i, Random random)
    {
        // Tag i is held by about 1 in (i + 1) members: common and rare ones.
        var tags = Tags.Where((_, t) => random.Next(t + 1) == 0).ToArray();
        return new SearchDocument($"m{i:D5}", new Dictionary<string, object?>
        {
            ["tags"] = tags,
            ["city"] = random.Next(5) == 0 ? null : Cities[random.Next(Cities.Length)],
            ["paid"] = random.Next(4) == 0 ? null : (long)random.Next(0, 100_000),
            ["share"] = random.Next(3) == 0 ? null : Math.Round(random.NextDouble(), 2),
            ["lastOrderAt"] = random.Next(3) == 0 ? null : LuceneFolder.Now.AddDays(-random.Next(0, 400)).ToUnixTimeMilliseconds(),
            ["vip"] = random.Next(3) == 0 ? null : random.Next(2) == 0,
            ["bio"] = "保温杯",
        });
    }

    private static SearchQuery Audience(Random random, int depth = 0)
    {
        SearchQuery Leaf() => random.Next(9) switch
        {
            0 => new TermQuery("tags", Tags[random.Next(Tags.Length)]),
            1 => new TermsQuery("tags", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Tags[random.Next(Tags.Length)]).ToList()),
            2 => new TermQuery("city", Cities[random.Next(Cities.Length)]),
            3 => new TermQuery("vip", random.Next(2) == 0 ? "true" : "false"),
            4 => new RangeQuery("paid") { Gte = random.Next(0, 100_000).ToString(), Lt = random.Next(3) == 0 ? random.Next(0, 100_000).ToString() : null },
            5 => new RangeQuery("share") { Gt = (random.Next(0, 100) / 100.0).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            6 => new RangeQuery("lastOrderAt") { Lt = $"now-{random.Next(0, 400)}d" },
            7 => new ExistsQuery(random.Next(2) == 0 ? "paid" : "city"),
            _ => random.Next(2) == 0 ? new TermQuery("paid", random.Next(0, 100_000).ToString()) : new MatchAllQuery(),
        };
        if (depth == 0 && random.Next(3) == 0)
        {
            // An audience of rarer tags (several kept as compressed sets) and maybe a spend bound.
            var tags = Enumerable.Range(0, random.Next(2, 4)).Select(_ => (SearchQuery)new TermQuery("tags", Tags[random.Next(24, Tags.Length)]));
            return new BoolQuery { Filter = [.. tags, .. random.Next(2) == 0 ? [] : new[] { new RangeQuery("paid") { Gte = random.Next(0, 100_000).ToString() } }] };
        }
        if (depth >= 2 || random.Next(3) == 0) return Leaf();
        List<SearchQuery> Some(int max) => Enumerable.Range(0, random.Next(0, max + 1)).Select(_ => Audience(random, depth + 1)).ToList();
        return new BoolQuery
        {
            Must = Some(1), Filter = Some(3), Should = Some(3), MustNot = Some(1),
            MinimumShouldMatch = random.Next(4) == 0 ? random.Next(0, 3) : null,
        };
    }
}
