using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shop.Benchmarks.Scenarios;

/// <summary>
/// Issue 4: a hot-reward storm. Distinct members (each credited with points beforehand) redeem
/// one goods reward over GraphQL, each once, with a per-member limit of one and more stock than
/// the run can take, so every request is a full redemption: the key's row, two guarded counts,
/// the points spend with its lot draws, and the guarded take of the one stock row everybody
/// shares. Afterwards the books must balance and the stock must add up (no oversell).
/// </summary>
public sealed class MallScenario : IScenario
{
    private const int DefaultMembers = 120_000;
    private const long Price = 100, Credit = 1_000;
    private const double SqliteTarget = 5_000, PostgresTarget = 3_000;
    // 100 aliased mutations stay under the 32k-character document limit.
    private const int CreditsPerRequest = 100, CreditConnections = 4;

    public string Name => "mall";
    public string Description => "redeemReward of one hot reward by distinct members (SQLite target ≥5k/s, PostgreSQL ≥3k/s)";

    public async Task<int> RunAsync(BenchOptions options)
    {
        Report.Header(Name, options);
        var members = options.Members ?? DefaultMembers;
        var target = options.PostgresConnectionString is null ? SqliteTarget : PostgresTarget;
        var (shop, ids) = await ShopServer.StartSeededAsync(options, members);
        await using var _ = shop;
        var started = DateTime.UtcNow;
        await CreditAsync(shop, ids);
        Report.Line($"Credited {ids.Count:N0} members with {Credit:N0} points each in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        var stock = (long)ids.Count + 1;
        var rewardId = await PublishRewardAsync(shop, stock);
        Report.Line($"Published reward {rewardId}: {Price} points, stock {stock:N0}, one per member");
        var tokens = ids.Select(id => shop.Tokens.Issue(id, "bench")).ToArray();

        // Each request takes the next member: a member redeems once, so a repeat would be LIMIT_REACHED, not a redemption.
        long next = -1;
        (byte[], string) Next()
        {
            var i = Interlocked.Increment(ref next);
            return (Body(rewardId, i), tokens[i % tokens.Length]);
        }
        await ProbeAsync(shop, Next());

        var results = new List<LoadResult>();
        foreach (var c in options.Connections)
        {
            var result = await LoadRunner.RunAsync(new LoadSpec(Name, new Uri(shop.BaseAddress, "graphql"), [], null, c, options.Warmup, options.Duration) { Vary = _ => Next(), Cpu = shop.Cpu, Writer = shop.Writer });
            results.Add(result);
            Report.Line(Report.Plain(result));
        }
        if (next + 1 > tokens.Length) Report.Line($"members ran out ({next + 1:N0} requests > {tokens.Length:N0}): rerun with --members {(next + 1) * 2}");

        var (stockOk, stockLine) = await CheckStockAsync(shop, rewardId, stock);
        Report.Line(stockLine);
        var books = (await shop.AdminAsync("{ pointsInvariants { ok violations } }"))["pointsInvariants"]!;
        var booksOk = books["ok"]!.GetValue<bool>();
        var violations = books["violations"]!.ToJsonString();
        Report.Line(booksOk ? "points invariants after the load: ok" : $"points invariants after the load: VIOLATED {violations[..Math.Min(500, violations.Length)]}");

        Console.WriteLine();
        Report.Table(results, r => Report.Check(r.RequestsPerSecond >= target, $"≥{target:N0}/s"));
        foreach (var r in results.Where(r => r.FirstError is not null)) Report.Line($"first error c={r.Connections}: {r.FirstError}");
        Report.Footer();
        return results.Any(r => r.Ok == 0) || !booksOk || !stockOk ? 1 : 0;
    }

    /// <summary>Points through the admin API, many aliased pointsAdjust mutations per request (they run one after another).</summary>
    private static async Task CreditAsync(ShopServer shop, IReadOnlyList<string> ids)
    {
        var batches = ids.Chunk(CreditsPerRequest).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = CreditConnections }, async (batch, _) =>
        {
            var mutation = new StringBuilder("mutation {");
            for (var i = 0; i < batch.Length; i++)
                mutation.Append($" m{i}: pointsAdjust(input: {{memberId: \"{batch[i]}\", points: {Credit}, reason: \"bench\", idempotencyKey: \"bench-{batch[i]}\"}}) {{ errors {{ code }} }}");
            var data = await shop.AdminAsync(mutation.Append(" }").ToString());
            var refused = data.AsObject().FirstOrDefault(p => p.Value!["errors"]!.AsArray().Count > 0);
            if (refused.Value is not null) throw new InvalidOperationException($"pointsAdjust refused: {refused.Value.ToJsonString()}");
        });
    }

    private static async Task<string> PublishRewardAsync(ShopServer shop, long stock)
    {
        var reward = new
        {
            title = "Benchmark flask", description = "The hot reward", kind = "goods", couponTemplateId = (string?)null, pointsPrice = Price, cashFen = 0,
            initialStock = stock, perMemberLimit = 1, perMemberDailyLimit = 0, availableFrom = (string?)null, availableUntil = (string?)null,
            minTierLevel = 0, audienceId = (string?)null, category = "bench", imageUrls = Array.Empty<string>(),
        };
        var created = (await shop.AdminAsync("mutation($i: RewardCreateInput!) { rewardCreate(input: $i) { item { id } errors { message } } }", new { i = reward }))["rewardCreate"]!;
        var id = created["item"]?["id"]?.GetValue<string>() ?? throw new InvalidOperationException($"rewardCreate refused: {created.ToJsonString()}");
        var published = (await shop.AdminAsync("mutation($id: ID!) { rewardPublish(input: {id: $id}) { errors { message } } }", new { id }))["rewardPublish"]!;
        if (published["errors"]!.AsArray().Count > 0) throw new InvalidOperationException($"rewardPublish refused: {published.ToJsonString()}");
        return id;
    }

    /// <summary>No oversell: stock left + redeemed is the stock, and redeemed is exactly the redemptions recorded.</summary>
    private static async Task<(bool Ok, string Line)> CheckStockAsync(ShopServer shop, string rewardId, long stock)
    {
        var data = await shop.AdminAsync("query($r: ID!) { rewardStock(rewardId: $r) { stockLeft redeemed } redemptions(filter: {rewardId: $r}, first: 1) { totalCount } }", new { r = rewardId });
        var left = data["rewardStock"]!["stockLeft"]!.GetValue<long>();
        var redeemed = data["rewardStock"]!["redeemed"]!.GetValue<long>();
        var recorded = data["redemptions"]!["totalCount"]!.GetValue<int>();
        var ok = left >= 0 && left + redeemed == stock && redeemed == recorded;
        return (ok, $"stock after the load: {redeemed:N0} redeemed, {recorded:N0} redemptions recorded, {left:N0} left of {stock:N0}: {(ok ? "no oversell" : "MISMATCH")}");
    }

    private static byte[] Body(string rewardId, long n) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        query = "mutation($r: ID!, $k: String!) { redeemReward(input: {rewardId: $r, idempotencyKey: $k}) { redemption { id status pointsSpent } errors { code message } } }",
        variables = new { r = rewardId, k = $"bench-{n}" },
    }));

    private static async Task ProbeAsync(ShopServer shop, (byte[] Body, string Token) request)
    {
        var response = await shop.PostAsync(Encoding.UTF8.GetString(request.Body), request.Token);
        var json = JsonNode.Parse(response.Body);
        if (response.Status != 200 || json?["data"]?["redeemReward"]?["redemption"] is null)
            throw new InvalidOperationException($"redeemReward does not work: HTTP {response.Status} {Encoding.UTF8.GetString(response.Body)}");
        Report.Line($"Probe: {Encoding.UTF8.GetString(response.Body)}");
    }
}
