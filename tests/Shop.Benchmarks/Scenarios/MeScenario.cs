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

    /// <summary>
    /// Shop and bare Kestrel are measured in turns, this many pairs per connection count, each run
    /// the full duration: this machine's speed drifts by 10–30% over minutes, and a ratio of two
    /// runs minutes apart measured the drift as much as the pipeline. The median pair's ratio is
    /// the one held against the target; every pair is printed.
    /// </summary>
    private const int Pairs = 3;

    public async Task<int> RunAsync(BenchOptions options)
    {
        Report.Header(Name, options);
        var body = Encoding.UTF8.GetBytes(Query);
        var results = new List<LoadResult>();
        var ratios = new List<(int Connections, double Ratio)>();

        await using var shop = await ShopServer.StartAsync(options);
        Report.Line($"Shop: {shop.Description} at {shop.BaseAddress}");
        var token = await shop.LoginAsync(Phone);
        var (answer, contentType) = await ProbeAsync(shop, token);
        Report.Line($"Answer ({contentType}, {answer.Length} bytes): {Encoding.UTF8.GetString(answer)}");
        await using var bare = await BareServer.StartAsync(options.Host, answer, contentType);
        Report.Line($"Bare: {bare.Description} at {bare.Url}");

        foreach (var c in options.Connections)
        {
            for (var pair = 0; pair < Pairs; pair++)
            {
                // JIT tiers and pools warm up in the first pair; later ones only open their connections again.
                var warmup = pair == 0 ? options.Warmup : TimeSpan.FromSeconds(Math.Min(options.Warmup.TotalSeconds, 2));
                var shopResult = await LoadRunner.RunAsync(new LoadSpec(Name, new Uri(shop.BaseAddress, "graphql"), body, token, c, warmup, options.Duration) { Cpu = shop.Cpu, Writer = shop.Writer });
                Report.Line(Report.Plain(shopResult));
                // Same request bytes and headers (token included) as the Shop runs. The idle Shop
                // server's own CPU in that window is printed: it must not be competing.
                var idleBefore = shop.Cpu.Read().Server;
                var bareResult = await LoadRunner.RunAsync(new LoadSpec("bare", bare.Url, body, token, c, warmup, options.Duration) { Cpu = bare.Cpu });
                var idle = shop.Cpu.Read().Server - idleBefore;
                Report.Line(Report.Plain(bareResult) + (idle is { } spent ? $"; idle Shop server meanwhile {spent.TotalMilliseconds:N0} ms CPU" : ""));
                results.Add(shopResult);
                results.Add(bareResult);
                if (bareResult.RequestsPerSecond > 0) ratios.Add((c, shopResult.RequestsPerSecond / bareResult.RequestsPerSecond));
            }
        }

        Print(results, ratios);
        return results.Any(r => r.Errors > 0 || r.Ok == 0) ? 1 : 0;
    }

    private async Task<(byte[] Body, string ContentType)> ProbeAsync(ShopServer shop, string token)
    {
        var response = await shop.PostAsync(Query, token);
        var json = JsonNode.Parse(response.Body);
        if (response.Status != 200 || json?["errors"] is not null || json?["data"]?["me"]?["id"] is null)
            throw new InvalidOperationException($"The me query does not work: HTTP {response.Status} {Encoding.UTF8.GetString(response.Body)}");
        return (response.Body, response.ContentType ?? "application/json");
    }

    private void Print(List<LoadResult> results, List<(int Connections, double Ratio)> ratios)
    {
        Console.WriteLine();
        Report.Table(results, r => !withTargets || r.Name == "bare" || r.Connections != TargetConnections ? ""
            : Report.Check(r.RequestsPerSecond >= TargetRps, $"≥{TargetRps:N0} req/s") + " "
              + Report.Check(r.P99Ms <= TargetP99Ms, $"p99 ≤{TargetP99Ms} ms"));
        foreach (var group in ratios.GroupBy(r => r.Connections))
        {
            var each = group.Select(r => r.Ratio).ToList();
            var median = each.Order().ElementAt(each.Count / 2);
            Report.Line($"ratio shop/bare c={group.Key}: {Format(median)}, the median of {each.Count} pairs ({string.Join(" / ", each.Select(Format))})"
                + (withTargets ? $" (target ≥{TargetRatio}: {(median >= TargetRatio ? "met" : "MISSED")})" : ""));
        }
        foreach (var r in results.Where(r => r.FirstError is not null))
            Report.Line($"first error in {r.Name} c={r.Connections}: {r.FirstError}");
        Report.Footer();
    }

    private static string Format(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);
}
