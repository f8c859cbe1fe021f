using System.Text.Json.Nodes;
using Shop.Framework.Search;
using Shop.Search.Elasticsearch.Querying;

namespace Shop.Search.Elasticsearch.Tests;

/// <summary>Index bodies, documents, search/scan pages, alias swaps and bulk lines, byte for byte.</summary>
public sealed class RequestJsonTests
{
    [Fact]
    public void Index_body_has_strict_typed_mappings_with_cjk_text_and_the_id_keyword()
    {
        var body = EsMappings.IndexBody(TestIndex.Definition, forBulkLoad: false, alias: "shop-members").ToJsonString();
        Assert.Equal(
            """{"settings":{"index":{"number_of_shards":1}},"mappings":{"dynamic":"strict","properties":{"shop_id":{"type":"keyword"},"tags":{"type":"keyword"},"city":{"type":"keyword"},"bio":{"type":"text","analyzer":"cjk"},"orderCount":{"type":"long"},"couponUsageShare":{"type":"double"},"lastOrderAt":{"type":"date","format":"epoch_millis"},"distributor":{"type":"boolean"}}},"aliases":{"shop-members":{}}}""",
            body);
    }

    [Fact]
    public void A_bulk_load_index_starts_with_refresh_off()
    {
        var body = EsMappings.IndexBody(TestIndex.Definition, forBulkLoad: true);
        Assert.Equal("-1", body["settings"]!["index"]!["refresh_interval"]!.GetValue<string>());
        Assert.Null(body["aliases"]);
    }

    [Fact]
    public void Documents_carry_typed_values_arrays_for_multi_fields_and_no_nulls()
    {
        var doc = new SearchDocument("m1", new Dictionary<string, object?>
        {
            ["tags"] = new[] { "vip", "lapsed" },
            ["city"] = null,
            ["bio"] = "爱喝茶",
            ["orderCount"] = 3L,
            ["couponUsageShare"] = 0.5,
            ["lastOrderAt"] = 1779868800000L,
            ["distributor"] = false,
        });
        Assert.Equal(
            """{"shop_id":"m1","tags":["vip","lapsed"],"bio":"爱喝茶","orderCount":3,"couponUsageShare":0.5,"lastOrderAt":1779868800000,"distributor":false}""",
            EsJson.Write(EsMappings.Source(TestIndex.Definition, doc)));
    }

    [Fact]
    public void A_document_with_an_undeclared_or_mistyped_field_is_refused()
    {
        Assert.Throws<SearchQueryException>(() => EsMappings.Source(TestIndex.Definition,
            new SearchDocument("m1", new Dictionary<string, object?> { ["shoeSize"] = 42L })));
        Assert.Throws<SearchQueryException>(() => EsMappings.Source(TestIndex.Definition,
            new SearchDocument("m1", new Dictionary<string, object?> { ["orderCount"] = "three" })));
    }

    [Fact]
    public void Search_sorts_end_with_the_id_and_carry_search_after()
    {
        var request = new SearchRequest(new TermQuery("tags", "vip"))
        {
            Sort = [new SearchSort("lastOrderAt", Descending: true)],
            Size = 2,
            SearchAfter = ["1779868800000", "\"m7\""],
        };
        Assert.Equal(
            """{"query":{"term":{"tags":"vip"}},"size":2,"sort":[{"lastOrderAt":{"order":"desc"}},{"shop_id":{"order":"asc"}}],"track_total_hits":true,"_source":false,"search_after":[1779868800000,"m7"]}""",
            EsRequests.Search(TestIndex.Definition, request, TestIndex.Now).ToJsonString());
    }

    [Fact]
    public void Search_after_must_match_the_sort()
    {
        var request = new SearchRequest(new MatchAllQuery()) { Sort = [new SearchSort("orderCount")], SearchAfter = ["3"] };
        Assert.Throws<SearchQueryException>(() => EsRequests.Search(TestIndex.Definition, request, TestIndex.Now));
        Assert.Throws<SearchQueryException>(() => EsRequests.Search(TestIndex.Definition,
            new SearchRequest(new MatchAllQuery()) { Sort = [new SearchSort("bio")] }, TestIndex.Now));
    }

    [Fact]
    public void Scan_pages_use_the_point_in_time_and_page_by_id()
    {
        Assert.Equal(
            """{"query":{"match_all":{}},"size":500,"sort":[{"shop_id":{"order":"asc"}}],"track_total_hits":false,"_source":false,"pit":{"id":"pit-1","keep_alive":"2m"},"search_after":["m500"]}""",
            EsRequests.ScanPage(TestIndex.Definition, new MatchAllQuery(), TestIndex.Now, "pit-1", 500, "m500").ToJsonString());
    }

    [Fact]
    public void Swapping_moves_the_alias_in_one_atomic_call()
    {
        Assert.Equal(
            """{"actions":[{"remove":{"index":"shop-members-initial","alias":"shop-members"}},{"add":{"index":"shop-members-20261123080000000","alias":"shop-members","is_write_index":true}}]}""",
            EsRequests.SwapAlias("shop-members", ["shop-members-initial"], "shop-members-20261123080000000").ToJsonString());
    }

    [Fact]
    public void Bulk_lines_are_ndjson_with_an_action_per_document()
    {
        var text = EsRequests.Bulk("shop-members", [new BulkItem("m1", new JsonObject { ["shop_id"] = "m1" }), new BulkItem("m2", null)]);
        Assert.Equal(
            "{\"index\":{\"_index\":\"shop-members\",\"_id\":\"m1\"}}\n{\"shop_id\":\"m1\"}\n{\"delete\":{\"_index\":\"shop-members\",\"_id\":\"m2\"}}\n",
            text);
    }
}
