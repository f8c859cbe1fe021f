using Shop.Testing;

namespace Shop.Tiers.Tests;

public sealed class ConcurrencyFixture : IAsyncLifetime
{
    public ShopAppFactory App { get; } = new();

    public async Task InitializeAsync()
    {
        await TierApi.PublishTierAsync(App, 1, "普通会员", 0);
        await TierApi.PublishTierAsync(App, 2, "白银会员", 500);
        await TierApi.PublishTierAsync(App, 3, "黄金会员", 2000);
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Real parallel HTTP requests against the real database.</summary>
public class ConcurrencyTests(ConcurrencyFixture fixture) : IClassFixture<ConcurrencyFixture>
{
    private readonly ShopAppFactory _app = fixture.App;

    [Fact]
    public async Task Parallel_adjustments_with_distinct_keys_all_count_and_each_level_is_logged_once()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => TierApi.AdjustAsync(_app, memberId, 100, $"par-{i}")));

        Assert.All(results, r => Assert.Empty(r["errors"]!.AsArray()));
        // Every response saw a distinct value: the increments were serialised, none lost.
        Assert.Equal(Enumerable.Range(1, 40).Select(i => i * 100L), results.Select(r => r["growthValue"]!.GetValue<long>()).Order());
        Assert.Equal(4000, await TierApi.ScalarAsync(_app, "SELECT growth_value FROM tier_members WHERE member_id = @memberId", new { memberId }));
        Assert.Equal(4000, await TierApi.ScalarAsync(_app, "SELECT SUM(delta) FROM growth_entries WHERE member_id = @memberId", new { memberId }));
        var log = (await TierApi.ChangesAsync(_app, memberId)).Select(e => (e!["node"]!["fromLevel"]!.GetValue<int>(), e["node"]!["toLevel"]!.GetValue<int>()));
        Assert.Equal([(2, 3), (1, 2)], log);
    }

    [Fact]
    public async Task Parallel_replays_of_one_key_add_once_and_upgrade_once()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => TierApi.AdjustAsync(_app, memberId, 2500, "one-key")));

        Assert.All(results, r => Assert.Equal((2500L, 3), (r["growthValue"]!.GetValue<long>(), r["level"]!.GetValue<int>())));
        Assert.Equal(2500, await TierApi.ScalarAsync(_app, "SELECT growth_value FROM tier_members WHERE member_id = @memberId", new { memberId }));
        Assert.Equal(1, await TierApi.ScalarAsync(_app, "SELECT COUNT(*) FROM growth_entries WHERE member_id = @memberId", new { memberId }));
        var change = Assert.Single(await TierApi.ChangesAsync(_app, memberId))!["node"]!;
        Assert.Equal((1, 3), (change["fromLevel"]!.GetValue<int>(), change["toLevel"]!.GetValue<int>()));
    }
}
