using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Shop.PointsMall.Tests;

/// <summary>Real parallel HTTP requests against the real database: no oversell, no double spend, limits hold.</summary>
public class ConcurrencyTests(MallFixture fixture) : IClassFixture<MallFixture>
{
    private readonly MallApp _app = fixture.App;
    private const long Price = 100, Credit = 250;

    [Fact]
    public async Task A_thousand_members_racing_for_a_hundred_units_get_exactly_a_hundred()
    {
        var rewardId = await _app.PublishRewardAsync("Hot flask", r => { r["initialStock"] = 100; r["pointsPrice"] = Price; r["perMemberLimit"] = 1; });
        var members = await MembersAsync(1_000, "1370");

        var results = await Task.WhenAll(members.Select(m => _app.RedeemAsync(m.Token, rewardId, "storm")));

        var winners = results.Where(r => r["errors"]!.AsArray().Count == 0).Select(r => r.Redemption().Str("memberId")).ToHashSet();
        Assert.Equal(100, winners.Count);
        Assert.All(results.Where(r => r["errors"]!.AsArray().Count > 0), r => Assert.Equal("OUT_OF_STOCK", r.Code()));
        var stock = await _app.StockAsync(rewardId);
        Assert.Equal((0L, 100L), (stock.Long("stockLeft"), stock.Long("redeemed")));
        var recorded = await _app.App.AdminAsync("query($r: ID) { redemptions(filter: {rewardId: $r}) { totalCount } }", new { r = rewardId });
        Assert.Equal(100, recorded.Data!["redemptions"]!["totalCount"]!.GetValue<int>());
        Assert.Empty(await _app.PointsViolationsAsync());
        // Charged exactly when redeemed: winners paid once, nobody else paid anything.
        var balances = await BalancesAsync(members.Select(m => m.MemberId).ToList());
        Assert.All(members, m => Assert.Equal(winners.Contains(m.MemberId) ? Credit - Price : Credit, balances[m.MemberId]));
    }

    [Fact]
    public async Task Redemptions_of_several_units_and_stock_cuts_racing_over_the_slices_never_oversell()
    {
        // 50 units over eight slices of six or seven: three units mostly fit one slice, and the last
        // ones must be gathered from several while other redeemers and the merchant take from them too.
        var rewardId = await _app.PublishRewardAsync("Multi-unit flask", r => { r["initialStock"] = 50; r["pointsPrice"] = 10; });
        var members = await MembersAsync(40, "1371");

        var redeeming = members.Select(m => _app.RedeemAsync(m.Token, rewardId, "triple", quantity: 3)).ToList();
        var cutting = Enumerable.Range(0, 4).Select(i => _app.AdjustStockAsync(rewardId, -2, $"cut-{i}")).ToList();
        var results = await Task.WhenAll(redeeming);
        var cuts = await Task.WhenAll(cutting);

        var redeemed = 3 * results.Count(r => r["errors"]!.AsArray().Count == 0);
        var cut = 2 * cuts.Count(c => c["errors"]!.AsArray().Count == 0);
        Assert.All(results.Where(r => r["errors"]!.AsArray().Count > 0), r => Assert.Equal("OUT_OF_STOCK", r.Code()));
        var stock = await _app.StockAsync(rewardId);
        Assert.Equal(50 - redeemed - cut, stock.Long("stockLeft"));
        Assert.Equal(redeemed, stock.Long("redeemed"));
        // Everything that could go went: what is left is less than any single request asked for.
        Assert.InRange(stock.Long("stockLeft"), 0, 2);
        Assert.Empty(await _app.PointsViolationsAsync());
        var balances = await BalancesAsync(members.Select(m => m.MemberId).ToList());
        Assert.Equal(members.Count * Credit - redeemed * 10, balances.Values.Sum());
    }

    [Fact]
    public async Task Twenty_simultaneous_replays_of_one_key_make_one_redemption()
    {
        var rewardId = await _app.PublishRewardAsync("Replayed hot flask", r => r["pointsPrice"] = Price);
        var (token, _) = await _app.MemberWithPointsAsync("13720000001", 1_000);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _app.RedeemAsync(token, rewardId, "same-key")));

        Assert.All(results, r => r.NoErrors());
        Assert.Single(results.Select(r => r.Redemption().Str("id")).Distinct());
        Assert.Equal(1_000 - Price, await _app.PointsAsync(token));
        Assert.Equal(9, (await _app.StockAsync(rewardId)).Long("stockLeft"));
    }

    [Fact]
    public async Task Twenty_simultaneous_redemptions_against_a_limit_of_two_make_two()
    {
        var rewardId = await _app.PublishRewardAsync("Limited hot flask", r => { r["pointsPrice"] = Price; r["perMemberLimit"] = 2; r["initialStock"] = 100; });
        var (token, _) = await _app.MemberWithPointsAsync("13720000002", 10_000);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _app.RedeemAsync(token, rewardId, $"limit-{i}")));

        Assert.Equal(2, results.Count(r => r["errors"]!.AsArray().Count == 0));
        Assert.All(results.Where(r => r["errors"]!.AsArray().Count > 0), r => Assert.Equal("LIMIT_REACHED", r.Code()));
        Assert.Equal(10_000 - 2 * Price, await _app.PointsAsync(token));
        Assert.Equal(98, (await _app.StockAsync(rewardId)).Long("stockLeft"));
        Assert.Empty(await _app.PointsViolationsAsync());
    }

    [Fact]
    public async Task Simultaneous_redemptions_never_hand_out_one_code_twice()
    {
        var rewardId = await _app.PublishRewardAsync("Hot codes", r => { r["kind"] = "virtual"; r["pointsPrice"] = Price; r["initialStock"] = 100; });
        (await _app.UploadCodesAsync(rewardId, Enumerable.Range(1, 30).Select(n => $"HOT-{n:D3}").ToArray())).NoErrors();
        var members = await MembersAsync(60, "1373");

        var results = await Task.WhenAll(members.Select(m => _app.RedeemAsync(m.Token, rewardId, "code")));

        var codes = results.Where(r => r["errors"]!.AsArray().Count == 0).Select(r => r.Redemption()["codes"]![0]!.GetValue<string>()).ToList();
        Assert.Equal(30, codes.Count);
        Assert.Equal(30, codes.Distinct().Count());
        Assert.All(results.Where(r => r["errors"]!.AsArray().Count > 0), r => Assert.Equal("OUT_OF_STOCK", r.Code()));
        Assert.Equal(70, (await _app.StockAsync(rewardId)).Long("stockLeft"));
        Assert.Empty(await _app.PointsViolationsAsync());
    }

    /// <summary>Members signed in and credited through the API, a few dozen requests at a time.</summary>
    private async Task<IReadOnlyList<(string Token, string MemberId)>> MembersAsync(int count, string prefix)
    {
        var members = new ConcurrentBag<(string, string)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (n, _) =>
            members.Add(await _app.MemberWithPointsAsync($"{prefix}{n:D7}", Credit)));
        return members.ToList();
    }

    private async Task<Dictionary<string, long>> BalancesAsync(IReadOnlyCollection<string> memberIds)
    {
        var balances = new Dictionary<string, long>();
        string? after = null;
        do
        {
            var response = await _app.App.AdminAsync(
                "query($a: String) { members(first: 500, after: $a) { pageInfo { hasNextPage endCursor } edges { node { id points { balance } } } } }", new { a = after });
            var page = response.Data!["members"]!;
            foreach (var node in page["edges"]!.AsArray().Select(e => e!["node"]!)) balances[node.Str("id")] = node["points"]!.Long("balance");
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!.Str("endCursor") : null;
        } while (after is not null);
        return memberIds.ToDictionary(id => id, id => balances[id]);
    }
}
