using System.Text;
using System.Text.Json.Nodes;

namespace Shop.Benchmarks.Scenarios;

/// <summary>
/// Issue 3: daily check-ins by distinct members over GraphQL. Each request is a different
/// member's first check-in of the day (its own token and idempotency key), so every request
/// does the full write: the unique day row, the streak, the points grant with its lot and the
/// growth entry. Members come from the seed verb; tokens are minted with the server's key.
/// </summary>
public sealed class CheckInScenario : IScenario
{
    private const int DefaultMembers = 100_000;
    private const double SqliteTarget = 8_000, PostgresTarget = 5_000;

    public string Name => "checkin";
    public string Description => "checkIn by distinct members (SQLite target ≥8k/s, PostgreSQL ≥5k/s)";

    public async Task<int> RunAsync(BenchOptions options)
    {
        Report.Header(Name, options);
        var members = options.Members ?? DefaultMembers;
        var target = options.PostgresConnectionString is null ? SqliteTarget : PostgresTarget;
        var (shop, ids) = await ShopServer.StartSeededAsync(options, members);
        await using var _ = shop;
        var tokens = ids.Select(id => shop.Tokens.Issue(id, "bench")).ToArray();
        Report.Line($"Minted {tokens.Length:N0} member tokens");
        await ProbeAsync(shop, tokens[^1]);

        // Members are used once each across all runs: a second check-in the same day is a refusal, not a check-in.
        long used = 1;
        var results = new List<LoadResult>();
        foreach (var c in options.Connections)
        {
            var offset = used;
            var spec = new LoadSpec(Name, new Uri(shop.BaseAddress, "graphql"), [], null, c, options.Warmup, options.Duration)
            {
                Cpu = shop.Cpu,
                Writer = shop.Writer,
                Vary = n =>
                {
                    var index = offset + n;
                    RaiseTo(ref used, index + 1);
                    return (Body(index), tokens[index % tokens.Length]);
                },
            };
            var result = await LoadRunner.RunAsync(spec);
            results.Add(result);
            Report.Line(Report.Plain(result));
            if (used > tokens.Length) Report.Line($"members ran out ({used:N0} requests > {tokens.Length:N0}): rerun with --members {used * 2}");
        }

        // The load must leave the books balanced: every member's entries add up to the projections and no lot is negative.
        var books = (await shop.AdminAsync("{ pointsInvariants { ok violations } }"))["pointsInvariants"]!;
        var booksOk = books["ok"]!.GetValue<bool>();
        Report.Line(booksOk ? "points invariants after the load: ok"
            : $"points invariants after the load: VIOLATED {books["violations"]!.ToJsonString()[..Math.Min(500, books["violations"]!.ToJsonString().Length)]}");

        Console.WriteLine();
        Report.Table(results, r => Report.Check(r.RequestsPerSecond >= target, $"≥{target:N0}/s"));
        foreach (var r in results.Where(r => r.FirstError is not null)) Report.Line($"first error c={r.Connections}: {r.FirstError}");
        Report.Footer();
        return results.Any(r => r.Ok == 0) || !booksOk ? 1 : 0;
    }

    private static void RaiseTo(ref long field, long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref field)) < value && Interlocked.CompareExchange(ref field, value, seen) != seen) { }
    }

    private static byte[] Body(long n) => Encoding.UTF8.GetBytes(
        $$$"""{"query":"mutation($k: String!) { checkIn(input: {idempotencyKey: $k}) { record { date pointsAwarded streak } errors { code message } } }","variables":{"k":"bench-{{{n}}}"}}""");

    private static async Task ProbeAsync(ShopServer shop, string token)
    {
        var response = await shop.PostAsync(Encoding.UTF8.GetString(Body(0)), token);
        var json = JsonNode.Parse(response.Body);
        if (response.Status != 200 || json?["data"]?["checkIn"]?["record"] is null)
            throw new InvalidOperationException($"checkIn does not work: HTTP {response.Status} {Encoding.UTF8.GetString(response.Body)}");
        Report.Line($"Probe: {Encoding.UTF8.GetString(response.Body)}");
    }
}
