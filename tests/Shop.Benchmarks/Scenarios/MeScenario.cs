using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Shop.Benchmarks.Scenarios;

/// <summary>
/// The signed-in storefront's cheapest authenticated query, <c>{ me { id displayName } }</c>,
/// against a bare Kestrel endpoint returning the same bytes: how much of the raw HTTP
/// throughput survives Shop's pipeline (auth, GraphQL parse/validate/execute, one DB read).
/// </summary>
/// <param name="withTargets">The foundation issue's targets apply to the plain <c>me</c> query only.</param>
public sealed class MeScenario(string name, string selection, bool withTargets) : IScenario
{
    private const string Phone = "13800000000";
    private readonly string Query = $$"""{"query":"{ me { {{selection}} } }"}""";

    // Targets from the issue: at 32 connections ≥15k req/s and p99 ≤5 ms; shop/bare ≥0.6.
    private const int TargetConnections = 32;
    private const double TargetRps = 15_000, TargetP99Ms = 5, TargetRatio = 0.6;

    public static MeScenario Plain() => new("me", "id displayName", withTargets: true);

    /// <summary>Issue 3: the member centre's headline, reading the points account and the tier.</summary>
    public static MeScenario PointsAndTier() => new("me-points-tier", "id points { balance pending } tier { level name growthValue }", withTargets: false);

    public string Name => name;
    public string Description => $"{{ me {{ {selection} }} }} over HTTP vs a bare Kestrel endpoint";

    public async Task<int> RunAsync(BenchOptions options)
    {
        Report.Header(Name, options);
        var body = Encoding.UTF8.GetBytes(Query);
        var shopResults = new List<LoadResult>();
        byte[] answer;
        string contentType, token;

        await using (var shop = await ShopServer.StartAsync(options))
        {
            Report.Line($"Shop: {shop.Description} at {shop.BaseAddress}");
            token = await shop.LoginAsync(Phone);
            (answer, contentType) = await ProbeAsync(shop, token);
            Report.Line($"Answer ({contentType}, {answer.Length} bytes): {Encoding.UTF8.GetString(answer)}");
            foreach (var c in options.Connections)
            {
                var result = await LoadRunner.RunAsync(new LoadSpec(Name, new Uri(shop.BaseAddress, "graphql"), body, token, c, options.Warmup, options.Duration) { Cpu = shop.Cpu, Writer = shop.Writer });
                shopResults.Add(result);
                Report.Line(Report.Plain(result));
            }
        }

        // Started only after Shop has stopped, so an idle server never competes for the 2 cores.
        var bareResults = new List<LoadResult>();
        await using (var bare = await BareServer.StartAsync(options.Host, answer, contentType))
        {
            Report.Line($"Bare: {bare.Description} at {bare.Url}");
            foreach (var c in options.Connections)
            {
                // Same request bytes and headers (token included) as the Shop runs.
                var result = await LoadRunner.RunAsync(new LoadSpec("bare", bare.Url, body, token, c, options.Warmup, options.Duration) { Cpu = bare.Cpu });
                bareResults.Add(result);
                Report.Line(Report.Plain(result));
            }
        }

        Print(shopResults, bareResults);
        return shopResults.Concat(bareResults).Any(r => r.Errors > 0 || r.Ok == 0) ? 1 : 0;
    }

    private async Task<(byte[] Body, string ContentType)> ProbeAsync(ShopServer shop, string token)
    {
        var response = await shop.PostAsync(Query, token);
        var json = JsonNode.Parse(response.Body);
        if (response.Status != 200 || json?["errors"] is not null || json?["data"]?["me"]?["id"] is null)
            throw new InvalidOperationException($"The me query does not work: HTTP {response.Status} {Encoding.UTF8.GetString(response.Body)}");
        return (response.Body, response.ContentType ?? "application/json");
    }

    private void Print(List<LoadResult> shop, List<LoadResult> bare)
    {
        Console.WriteLine();
        Report.Table(shop.Concat(bare), r => !withTargets || r.Name == "bare" || r.Connections != TargetConnections ? ""
            : Report.Check(r.RequestsPerSecond >= TargetRps, $"≥{TargetRps:N0} req/s") + " "
              + Report.Check(r.P99Ms <= TargetP99Ms, $"p99 ≤{TargetP99Ms} ms"));
        foreach (var s in shop)
        {
            var b = bare.FirstOrDefault(r => r.Connections == s.Connections);
            if (b is null || b.RequestsPerSecond == 0) continue;
            var ratio = s.RequestsPerSecond / b.RequestsPerSecond;
            Report.Line($"ratio shop/bare c={s.Connections}: {ratio.ToString("0.00", CultureInfo.InvariantCulture)}"
                + (withTargets ? $" (target ≥{TargetRatio}: {(ratio >= TargetRatio ? "met" : "MISSED")})" : ""));
        }
        foreach (var r in shop.Concat(bare).Where(r => r.FirstError is not null))
            Report.Line($"first error in {r.Name} c={r.Connections}: {r.FirstError}");
        Report.Footer();
    }
}
