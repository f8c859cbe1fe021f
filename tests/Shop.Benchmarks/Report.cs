using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Spectre.Console;

namespace Shop.Benchmarks;

/// <summary>Console output: a header that says what the numbers can mean, a table, and one greppable line per measurement.</summary>
public static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Header(string scenario, BenchOptions options)
    {
        // Plain Console for text: Spectre wraps at 80 columns when output is redirected, which
        // would break the one-line-per-measurement form that scripts grep.
        Machine(scenario);
        Console.WriteLine($"NOTE: the load generator and the server share these {Environment.ProcessorCount} cores, so every figure is a lower bound for a dedicated server.");
        Console.WriteLine($"Closed loop, {options.Warmup.TotalSeconds:0.#} s warm-up (not measured) + {options.Duration.TotalSeconds:0.#} s measured per run; " +
            $"host: {options.Host}; database: {(options.PostgresConnectionString is null ? "SQLite" : "PostgreSQL")}.");
        // Other work on a shared box skews results; the load average makes a noisy run recognisable.
        Line($"Load average (1/5/15 min) at start: {LoadAverage()}");
    }

    /// <summary>The scenario and the machine, for scenarios that are not closed-loop HTTP runs.</summary>
    public static void Machine(string scenario)
    {
        Console.WriteLine($"Shop benchmark: {scenario}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; " +
            $"client GC: {(GCSettings.IsServerGC ? "Server" : "Workstation")}.");
    }

    public static void Footer() => Line($"Load average (1/5/15 min) at end: {LoadAverage()}");

    /// <summary>The 1/5/15-minute load averages from /proc/loadavg ("n/a" elsewhere).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static void Line(string text) => Console.WriteLine(text);

    /// <summary>The plain one-line form, e.g. <c>me c=32: 17,345 req/s p50=1.6ms p99=4.2ms errors=0</c>.</summary>
    public static string Plain(LoadResult r) =>
        $"{r.Name} c={r.Connections}: {r.RequestsPerSecond.ToString("N0", Invariant)} req/s " +
        $"p50={Ms(r.P50Ms)} p99={Ms(r.P99Ms)} errors={r.Errors}{CpuPerRequest(r)}{WriterLoad(r)}";

    /// <summary>
    /// "; SQLite writer busy 97% of the window, 281µs held per write (ceiling ≈3,560 writes/s), 9.4 writes per commit":
    /// when the slot is busy nearly all the time, that ceiling, not CPU, is what req/s is.
    /// </summary>
    private static string WriterLoad(LoadResult r)
    {
        if (r.Writer is { SharedCommits: > 0 } shared)
            return $"; PostgreSQL shared transactions: {(shared.SharedWorks / shared.SharedCommits).ToString("0.0", Invariant)} works per commit, " +
                $"{shared.SentBackAlone.ToString("N0", Invariant)} sent back to run alone";
        if (r.Writer is not { Writes: > 0 } w) return "";
        var ceiling = 1 / w.BusyPerWrite.TotalSeconds;
        return $"; SQLite writer busy {(w.Occupancy * 100).ToString("0", Invariant)}% of the window, {w.BusyPerWrite.TotalMicroseconds.ToString("N0", Invariant)}µs held per write " +
            $"(ceiling ≈{ceiling.ToString("N0", Invariant)} writes/s), {(w.Writes / Math.Max(1, w.Commits)).ToString("0.0", Invariant)} writes per commit";
    }

    /// <summary>
    /// "; CPU per request: server 412µs, postgres 730µs, client 180µs": the cost of one request to each
    /// party in the measured window, which a dedicated server's throughput can be judged by.
    /// </summary>
    private static string CpuPerRequest(LoadResult r)
    {
        if (r.Cpu is not { } cpu || r.Ok == 0) return "";
        string Per(TimeSpan t) => (t.TotalMicroseconds / r.Ok).ToString("N0", Invariant) + "µs";
        var parts = new List<string>();
        if (cpu.Server is { } server) parts.Add("server " + Per(server));
        if (cpu.Database is { } database) parts.Add("postgres " + Per(database));
        parts.Add((cpu.Server is null ? "client with the in-process server " : "client ") + Per(cpu.Client));
        return "; CPU per request: " + string.Join(", ", parts);
    }

    public static void Table(IEnumerable<LoadResult> results, Func<LoadResult, string> target)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("run").AddColumn(new TableColumn("conns").RightAligned())
            .AddColumn(new TableColumn("req/s").RightAligned()).AddColumn(new TableColumn("p50").RightAligned())
            .AddColumn(new TableColumn("p99").RightAligned()).AddColumn(new TableColumn("max").RightAligned())
            .AddColumn(new TableColumn("errors").RightAligned()).AddColumn("target");
        foreach (var r in results)
        {
            table.AddRow(Markup.Escape(r.Name), r.Connections.ToString(Invariant), r.RequestsPerSecond.ToString("N0", Invariant),
                Ms(r.P50Ms), Ms(r.P99Ms), Ms(r.MaxMs), r.Errors.ToString(Invariant), target(r));
        }
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 120);
        AnsiConsole.Write(table);
    }

    /// <summary>A target beside its figure, green when met, red when missed.</summary>
    public static string Check(bool met, string text) => met ? $"[green]{Markup.Escape(text)} ✓[/]" : $"[red]{Markup.Escape(text)} ✗[/]";

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", Invariant) + "ms";
}
