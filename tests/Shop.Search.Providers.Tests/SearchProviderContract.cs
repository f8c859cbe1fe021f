using Microsoft.Extensions.Time.Testing;
using Shop.Framework.Search;

namespace Shop.Search.Providers.Tests;

/// <summary>
/// What every search provider must do, run against each of them (Lucene always, Elasticsearch
/// when a cluster is configured): every query shape on every field type, counting, sorting with
/// ties and search_after, scans, upserts and deletes, rebuild-and-swap, concurrency.
/// </summary>
public abstract class SearchProviderContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    protected readonly FakeTimeProvider Clock = new(Now);
    private static long Day(int daysAgo) => Now.AddDays(-daysAgo).ToUnixTimeMilliseconds();

    protected SearchIndexDefinition Definition { get; } = new($"contract{Guid.NewGuid():N}"[..20],
    [
        new SearchField("tags", SearchFieldType.Keyword, Multi: true),
        new SearchField("city", SearchFieldType.Keyword),
        new SearchField("bio", SearchFieldType.Text),
        new SearchField("orders", SearchFieldType.Long),
        new SearchField("share", SearchFieldType.Double),
        new SearchField("lastOrderAt", SearchFieldType.Date),
        new SearchField("vip", SearchFieldType.Bool),
    ]);

    protected ISearchProvider Provider { get; private set; } = null!;
    protected ISearchIndex Index { get; private set; } = null!;

    protected abstract Task<ISearchProvider> CreateProviderAsync(TimeProvider clock);

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Provider = await CreateProviderAsync(Clock);
        Index = Provider.Open(Definition);
        await Index.UpsertAsync(Members);
        await Index.RefreshAsync();
    }

    public Task DisposeAsync() => CleanUpAsync();

    private static SearchDocument Doc(string id, string[] tags, string? city, string? bio, long? orders, double? share, long? lastOrderAt, bool? vip) =>
        new(id, new Dictionary<string, object?>
        {
            ["tags"] = tags, ["city"] = city, ["bio"] = bio, ["orders"] = orders, ["share"] = share, ["lastOrderAt"] = lastOrderAt, ["vip"] = vip,
        });

    protected static readonly IReadOnlyList<SearchDocument> Members =
    [
        Doc("m01", ["tea", "lapsed"], "上海", "喜欢保温杯和绿茶", 3, 0.9, Day(200), true),
        Doc("m02", ["tea"], "北京", "马克杯收藏家", 3, 0.1, Day(10), false),
        Doc("m03", ["coffee", "vip-gold"], "上海", "coffee lover", 10, 0.5, Day(1), true),
        Doc("m04", [], "广州", null, 0, null, null, false),
        Doc("m05", ["tea", "coffee"], null, "不锈钢保温杯", 7, 0.8, Day(181), null),
        Doc("m06", ["lapsed"], "上海", "", 1, 0.0, Day(400), false),
    ];

    private async Task<string[]> Ids(SearchQuery query)
    {
        var results = await Index.SearchAsync(new SearchRequest(query) { Size = 100 });
        Assert.Equal(results.Total, await Index.CountAsync(query));
        return results.Hits.Select(h => h.Id).Order().ToArray();
    }

    [ContractFact]
    public async Task Term_matches_any_value_of_a_multi_valued_keyword() =>
        Assert.Equal(["m01", "m02", "m05"], await Ids(new TermQuery("tags", "tea")));

    [ContractFact]
    public async Task Term_on_numbers_bools_and_doubles_uses_the_field_type()
    {
        Assert.Equal(["m01", "m02"], await Ids(new TermQuery("orders", "3")));
        Assert.Equal(["m01", "m03"], await Ids(new TermQuery("vip", "true")));
        Assert.Equal(["m02", "m04", "m06"], await Ids(new TermQuery("vip", "false")));
        Assert.Equal(["m05"], await Ids(new TermQuery("share", "0.8")));
    }

    [ContractFact]
    public async Task Terms_matches_any_of_the_values() =>
        Assert.Equal(["m02", "m04"], await Ids(new TermsQuery("city", ["北京", "广州"])));

    [ContractFact]
    public async Task Ranges_honour_inclusive_and_exclusive_bounds_and_skip_documents_without_a_value()
    {
        Assert.Equal(["m03", "m05"], await Ids(new RangeQuery("orders") { Gt = "3" }));
        Assert.Equal(["m01", "m02", "m03", "m05"], await Ids(new RangeQuery("orders") { Gte = "3", Lte = "10" }));
        Assert.Equal(["m04", "m06"], await Ids(new RangeQuery("orders") { Lt = "3" }));
        Assert.Equal(["m01", "m05"], await Ids(new RangeQuery("share") { Gte = "0.8" }));
        Assert.Equal(["m02", "m06"], await Ids(new RangeQuery("share") { Lte = "0.1" }));
        // keywords compare by UTF-8 bytes: 上 (E4..) < 北 (E5 8C..) < 广 (E5 B9..)
        Assert.Equal(["m02"], await Ids(new RangeQuery("city") { Gte = "北", Lt = "广" }));
        Assert.Equal(["m01", "m03", "m06"], await Ids(new RangeQuery("city") { Lt = "北" }));
    }

    [ContractFact]
    public async Task Relative_date_ranges_resolve_against_the_clock()
    {
        // "lapsed: no order in 180 days" — members who never ordered have no date and do not match a range
        Assert.Equal(["m01", "m05", "m06"], await Ids(new RangeQuery("lastOrderAt") { Lt = "now-180d" }));
        Assert.Equal(["m02", "m03"], await Ids(new RangeQuery("lastOrderAt") { Gte = "now-30d" }));
        Clock.Advance(TimeSpan.FromDays(25));
        Assert.Equal(["m03"], await Ids(new RangeQuery("lastOrderAt") { Gte = "now-30d" }));
        Assert.Equal(["m01", "m05", "m06"], await Ids(new RangeQuery("lastOrderAt") { Lt = "2026-06-01" }));
    }

    [ContractFact]
    public async Task Exists_tests_for_a_value()
    {
        Assert.Equal(["m01", "m02", "m03", "m05", "m06"], await Ids(new ExistsQuery("lastOrderAt")));
        Assert.Equal(["m01", "m02", "m03", "m04", "m06"], await Ids(new ExistsQuery("city")));
        Assert.Equal(["m01", "m02", "m03", "m05", "m06"], await Ids(new ExistsQuery("tags")));
    }

    [ContractFact]
    public async Task Match_uses_cjk_bigrams_and_requires_every_term()
    {
        Assert.Equal(["m01", "m05"], await Ids(new MatchQuery("bio", "保温杯")));
        Assert.Equal(["m05"], await Ids(new MatchQuery("bio", "不锈钢 保温杯")));
        Assert.Equal(["m02"], await Ids(new MatchQuery("bio", "马克杯")));
        Assert.Equal(["m03"], await Ids(new MatchQuery("bio", "Coffee")));
        Assert.Empty(await Ids(new MatchQuery("bio", "")));
    }

    [ContractFact]
    public async Task Ids_select_documents_by_id_and_combine_with_other_clauses()
    {
        Assert.Equal(["m02", "m05"], await Ids(new IdsQuery(["m05", "m02", "nobody"])));
        Assert.Empty(await Ids(new IdsQuery([])));
        Assert.Equal(["m05"], await Ids(new BoolQuery { Filter = [new IdsQuery(["m04", "m05"]), new TermQuery("tags", "tea")] }));
        Assert.Equal(["m01", "m03", "m04", "m06"], await Ids(new BoolQuery { MustNot = [new IdsQuery(["m02", "m05"])] }));
    }

    [ContractFact]
    public async Task Prefix_matches_keyword_starts() =>
        Assert.Equal(["m03"], await Ids(new PrefixQuery("tags", "vip-")));

    [ContractFact]
    public async Task Bool_combines_must_filter_should_and_must_not()
    {
        Assert.Equal(["m01", "m02", "m03", "m04", "m05", "m06"], await Ids(new BoolQuery()));
        Assert.Equal(["m01", "m02", "m03", "m04", "m05", "m06"], await Ids(new MatchAllQuery()));
        Assert.Equal(["m05"], await Ids(new BoolQuery { Filter = [new TermQuery("tags", "tea"), new TermQuery("tags", "coffee")] }));
        Assert.Equal(["m01", "m02", "m03", "m05"], await Ids(new BoolQuery { Should = [new TermQuery("tags", "tea"), new TermQuery("tags", "coffee")] }));
        Assert.Equal(["m01", "m05"], await Ids(new BoolQuery
        {
            Should = [new TermQuery("tags", "tea"), new TermQuery("tags", "coffee"), new TermQuery("tags", "lapsed")], MinimumShouldMatch = 2,
        }));
        // should is optional next to a must, it only ranks
        Assert.Equal(["m01", "m03", "m06"], await Ids(new BoolQuery { Must = [new TermQuery("city", "上海")], Should = [new TermQuery("tags", "tea")] }));
        Assert.Equal(["m03", "m04", "m06"], await Ids(new BoolQuery { MustNot = [new TermQuery("tags", "tea")] }));
        Assert.Equal(["m04"], await Ids(new BoolQuery { MustNot = [new ExistsQuery("lastOrderAt")] }));
        Assert.Equal(["m01"], await Ids(new BoolQuery
        {
            Filter = [new TermQuery("tags", "tea"), new RangeQuery("lastOrderAt") { Lt = "now-180d" }],
            MustNot = [new BoolQuery { Should = [new TermQuery("vip", "false"), new ExistsQuery("vip")], MinimumShouldMatch = 1, Must = [new TermQuery("tags", "coffee")] }],
            Must = [new TermQuery("vip", "true")],
        }));
    }

    [ContractFact]
    public async Task Audience_shape_three_tags_and_a_range_counts_exactly()
    {
        BoolQuery Audience(string minOrders) => new()
        {
            Filter = [new TermQuery("tags", "tea"), new TermQuery("tags", "coffee"), new RangeQuery("orders") { Gte = minOrders }],
            MustNot = [new TermQuery("tags", "lapsed")],
        };
        Assert.Equal(1, await Index.CountAsync(Audience("5")));
        Assert.Equal(0, await Index.CountAsync(Audience("8")));
        Assert.Equal(1, await Index.CountAsync(Audience("5")));
        Assert.Equal(2, await Index.CountAsync(new BoolQuery
        {
            Filter = [new TermQuery("tags", "lapsed"), new RangeQuery("lastOrderAt") { Lt = "now-180d" }],
        }));
    }

    [ContractFact]
    public async Task Sorting_breaks_ties_by_id_puts_missing_values_last_and_search_after_pages_through_everything()
    {
        foreach (var descending in new[] { false, true })
        {
            var sort = new[] { new SearchSort("share", descending) };
            var all = await Index.SearchAsync(new SearchRequest(new MatchAllQuery()) { Sort = sort, Size = 100 });
            var expected = descending ? new[] { "m01", "m05", "m03", "m02", "m06", "m04" } : new[] { "m06", "m02", "m03", "m05", "m01", "m04" };
            Assert.Equal(expected, all.Hits.Select(h => h.Id));

            var paged = new List<string>();
            IReadOnlyList<string>? after = null;
            for (var guard = 0; guard < 10; guard++)
            {
                var page = await Index.SearchAsync(new SearchRequest(new MatchAllQuery()) { Sort = sort, Size = 4, SearchAfter = after });
                Assert.Equal(6, page.Total);
                if (page.Hits.Count == 0) break;
                paged.AddRange(page.Hits.Select(h => h.Id));
                after = page.Hits[^1].SortValues;
            }
            Assert.Equal(expected, paged);
        }

        var ties = await Index.SearchAsync(new SearchRequest(new TermQuery("tags", "tea")) { Sort = [new SearchSort("orders", true)], Size = 2 });
        Assert.Equal(["m05", "m01"], ties.Hits.Select(h => h.Id));
        var next = await Index.SearchAsync(new SearchRequest(new TermQuery("tags", "tea"))
            { Sort = [new SearchSort("orders", true)], Size = 2, SearchAfter = ties.Hits[^1].SortValues });
        Assert.Equal(["m02"], next.Hits.Select(h => h.Id));
        var byCity = await Index.SearchAsync(new SearchRequest(new MatchAllQuery()) { Sort = [new SearchSort("city"), new SearchSort("lastOrderAt", true)], Size = 10 });
        Assert.Equal(["m03", "m01", "m06", "m02", "m04", "m05"], byCity.Hits.Select(h => h.Id));
    }

    [ContractFact]
    public async Task Scans_return_every_match_once_in_batches()
    {
        var many = Enumerable.Range(0, 25).Select(i => Doc($"x{i:00}", ["bulk"], null, null, i, null, null, null)).ToList();
        await Index.UpsertAsync(many);
        await Index.RefreshAsync();
        var batches = new List<IReadOnlyList<string>>();
        await foreach (var batch in Index.ScanIdsAsync(new TermQuery("tags", "bulk"), batchSize: 10)) batches.Add(batch);
        Assert.Equal([10, 10, 5], batches.Select(b => b.Count));
        Assert.Equal(many.Select(d => d.Id).Order(), batches.SelectMany(b => b).Order());
    }

    [ContractFact]
    public async Task Upserts_replace_and_deletes_remove()
    {
        await Index.UpsertAsync([Doc("m02", ["coffee"], "北京", "马克杯收藏家", 4, 0.1, Day(0), true)]);
        await Index.DeleteAsync(["m06", "never-indexed"]);
        await Index.RefreshAsync();
        Assert.Equal(["m01", "m05"], await Ids(new TermQuery("tags", "tea")));
        Assert.Equal(["m02", "m03", "m05"], await Ids(new TermQuery("tags", "coffee")));
        Assert.Equal(["m01"], await Ids(new TermQuery("tags", "lapsed")));
        Assert.Equal(5, await Index.CountAsync(new MatchAllQuery()));
    }

    [ContractFact]
    public async Task Queries_that_do_not_fit_the_index_are_refused()
    {
        await Assert.ThrowsAsync<SearchQueryException>(() => Index.CountAsync(new TermQuery("nope", "x")));
        await Assert.ThrowsAsync<SearchQueryException>(() => Index.CountAsync(new TermQuery("orders", "many")));
        await Assert.ThrowsAsync<SearchQueryException>(() => Index.CountAsync(new MatchQuery("city", "上海")));
        await Assert.ThrowsAsync<SearchQueryException>(() => Index.CountAsync(new RangeQuery("lastOrderAt") { Lt = "someday" }));
        await Assert.ThrowsAsync<SearchQueryException>(() => Index.CountAsync(new BoolQuery { Filter = [new TermQuery("tags", "tea"), new RangeQuery("orders")] }));
        await Assert.ThrowsAsync<SearchQueryException>(() => Index.SearchAsync(new SearchRequest(new MatchAllQuery()) { Sort = [new SearchSort("bio")] }));
        await Assert.ThrowsAsync<SearchQueryException>(() => Index.UpsertAsync([new SearchDocument("z", new Dictionary<string, object?> { ["shoe"] = 1L })]));
    }

    [ContractFact]
    public async Task A_rebuild_is_invisible_until_swapped_then_replaces_the_index()
    {
        await using (var build = await Provider.BeginRebuildAsync(Definition))
        {
            await build.UpsertAsync([Doc("r1", ["rebuilt"], null, null, 1, null, null, null), Doc("r2", ["rebuilt"], null, null, 2, null, null, null)]);
            Assert.Equal(6, await Index.CountAsync(new MatchAllQuery()));
            Assert.Equal(0, await Index.CountAsync(new TermQuery("tags", "rebuilt")));
            await build.SwapAsync();
        }
        var live = Provider.Open(Definition);
        Assert.Equal(["r1", "r2"], (await live.SearchAsync(new SearchRequest(new MatchAllQuery()) { Sort = [new SearchSort("orders")] })).Hits.Select(h => h.Id));
        await live.UpsertAsync([Doc("r3", ["rebuilt"], null, null, 3, null, null, null)]);
        await live.RefreshAsync();
        Assert.Equal(3, await live.CountAsync(new TermQuery("tags", "rebuilt")));
    }

    [ContractFact]
    public async Task An_abandoned_rebuild_leaves_the_live_index_alone()
    {
        await using (var build = await Provider.BeginRebuildAsync(Definition))
            await build.UpsertAsync([Doc("r1", ["rebuilt"], null, null, 1, null, null, null)]);
        Assert.Equal(6, await Provider.Open(Definition).CountAsync(new MatchAllQuery()));
    }

    [ContractFact]
    public async Task Queries_run_safely_while_documents_are_written()
    {
        var writer = Task.Run(async () =>
        {
            for (var round = 0; round < 20; round++)
            {
                await Index.UpsertAsync(Enumerable.Range(0, 10).Select(i => Doc($"w{round:00}{i}", ["written"], null, null, round, null, null, null)).ToList());
                await Index.RefreshAsync();
            }
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            long last = 0;
            while (!writer.IsCompleted)
            {
                var count = await Index.CountAsync(new BoolQuery { Filter = [new TermQuery("tags", "written"), new RangeQuery("orders") { Gte = "0" }] });
                Assert.True(count >= last, "a refresh never makes committed documents disappear");
                last = count;
            }
        })).ToList();
        await Task.WhenAll(readers.Append(writer));
        Assert.Equal(200, await Index.CountAsync(new TermQuery("tags", "written")));
    }

    [ContractFact]
    public async Task A_field_declared_after_the_index_was_made_is_written_and_queried_on_it()
    {
        var wider = new SearchIndexDefinition(Definition.Name, [.. Definition.Fields, new SearchField("channel", SearchFieldType.Keyword)]);
        var index = Provider.Open(wider);

        await index.UpsertAsync([new SearchDocument("m07", new Dictionary<string, object?> { ["city"] = "上海", ["channel"] = "miniprogram" })]);
        await index.RefreshAsync();

        Assert.Equal(1, await index.CountAsync(new TermQuery("channel", "miniprogram")));
        Assert.Equal(4, await index.CountAsync(new TermQuery("city", "上海")));
    }

    [ContractFact]
    public async Task Optional_should_clauses_alone_match_everything_and_a_minimum_above_them_matches_nothing()
    {
        var optional = new BoolQuery { Should = [new TermQuery("city", "上海")], MinimumShouldMatch = 0 };
        var anyOfNothing = new BoolQuery { MinimumShouldMatch = 1 };
        var twoOfOne = new BoolQuery { Filter = [new TermQuery("city", "上海")], Should = [new TermQuery("tags", "tea")], MinimumShouldMatch = 2 };

        Assert.Equal(6, await Index.CountAsync(optional));
        Assert.Equal(6, (await Index.SearchAsync(new SearchRequest(optional) { Size = 100 })).Total);
        Assert.Equal(0, await Index.CountAsync(anyOfNothing));
        Assert.Equal(0, (await Index.SearchAsync(new SearchRequest(anyOfNothing) { Size = 100 })).Total);
        Assert.Equal(0, await Index.CountAsync(twoOfOne));
        await Assert.ThrowsAsync<SearchQueryException>(() => Index.CountAsync(new BoolQuery { Should = [new TermQuery("city", "上海")], MinimumShouldMatch = -1 }));
    }
}
