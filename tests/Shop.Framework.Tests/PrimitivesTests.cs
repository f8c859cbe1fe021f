using GraphQL;
using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Privacy;

namespace Shop.Framework.Tests;

public class PrimitivesTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("8613812345678", "861******5678")]
    [InlineData("12345", "***45")]
    [InlineData("1234", "****")]
    [InlineData("", "")]
    [InlineData(null, null)]
    public void Phones_are_masked_keeping_only_the_ends(string? phone, string? masked) =>
        Assert.Equal(masked, PhoneMask.Mask(phone));

    [Fact]
    public void Cursors_round_trip_and_reject_garbage()
    {
        var cursor = Paging.EncodeCursor("mbr_0193a6b2c4");
        Assert.Equal("mbr_0193a6b2c4", Paging.DecodeCursor(cursor));
        var error = Assert.Throws<ExecutionError>(() => Paging.DecodeCursor("%%%not base64%%%"));
        Assert.Equal(ErrorCodes.InvalidCursor, error.Code);
    }

    [Fact]
    public void A_connection_reports_a_next_page_only_when_an_extra_row_came_back()
    {
        var page = new PageRequest(2, null);

        var full = Paging.Connection(page, ["c", "b", "a"], r => r, totalCount: 3);
        var last = Paging.Connection(page, ["b", "a"], r => r, totalCount: 2);

        Assert.Equal(2, full.Edges!.Count);
        Assert.True(full.PageInfo!.HasNextPage);
        Assert.Equal("b", Paging.DecodeCursor(full.PageInfo.EndCursor!));
        Assert.False(last.PageInfo!.HasNextPage);
    }

    [Theory]
    [InlineData("Title", "title")]
    [InlineData("Benefits[0].DiscountPercent", "benefits[0].discountPercent")]
    public void Validation_field_paths_follow_the_graphql_input_names(string property, string path) =>
        Assert.Equal(path, ContentManager.FieldPath(property));

    [Fact]
    public async Task A_batch_loader_fetches_all_keys_requested_in_a_level_at_once()
    {
        var calls = new List<IReadOnlyCollection<int>>();
        var loader = new BatchLoader<int, string>((keys, _) =>
        {
            calls.Add(keys);
            return Task.FromResult<IReadOnlyDictionary<int, string>>(keys.ToDictionary(k => k, k => $"v{k}"));
        });

        var pending = Enumerable.Range(1, 20).Select(loader.Load).ToList();
        var values = new List<string?>();
        foreach (var result in pending) values.Add(await result.GetResultAsync());

        Assert.Single(calls);
        Assert.Equal(20, calls[0].Count);
        Assert.Equal("v7", values[6]);
        Assert.Equal("v3", await loader.Load(3).GetResultAsync()); // cached, no new call
        Assert.Single(calls);
    }

    [Fact]
    public void Ids_carry_a_prefix_and_sort_by_creation_time()
    {
        var first = Ids.New("mbr");
        Thread.Sleep(2);
        var second = Ids.New("mbr");

        Assert.Equal("mbr", Ids.PrefixOf(first));
        Assert.True(string.CompareOrdinal(first, second) < 0);
    }

    [Fact]
    public void Ids_made_in_one_millisecond_keep_their_order_and_are_version_7_uuids()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => Ids.New("pe")).ToList();

        for (var i = 1; i < ids.Count; i++) Assert.True(string.CompareOrdinal(ids[i - 1], ids[i]) < 0, $"{ids[i - 1]} !< {ids[i]}");
        var uuid = Guid.ParseExact(ids[0]["pe_".Length..], "N");
        Assert.Equal(7, uuid.Version);
        Assert.Equal(0b10, uuid.Variant >> 2);
        var millis = Convert.ToInt64(ids[0].Substring("pe_".Length, 12), 16);
        Assert.InRange(millis, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Ids_made_on_many_threads_at_once_never_repeat()
    {
        var made = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 10_000).Select(_ => Ids.New("x")).ToList())));
        Assert.Equal(80_000, made.SelectMany(ids => ids).Distinct().Count());
        Assert.All(made, ids => Assert.Equal(ids.OrderBy(id => id, StringComparer.Ordinal), ids));
    }
}
