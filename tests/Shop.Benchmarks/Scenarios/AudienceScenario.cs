using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Shop.Benchmarks.Audiences;
using Shop.Framework.Data;
using Shop.Framework.Search;
using Spectre.Console;

namespace Shop.Benchmarks.Scenarios;

/// <summary>
/// The search/audiences issue: a million Bogus members with orders and tags go into the
/// database; the members index is rebuilt from it (<see cref="SearchRebuilder"/>, every
/// contributor) to a committed Lucene index, timed with a breakdown by part; then audiences of
/// three tags (all of them, or any of them) plus a minimum paid total are counted many times
/// with varied terms, and the same counts run as SQL on PostgreSQL over a GIN-indexed tag array.
///
/// The app runs in this process (WebApplicationFactory, no HTTP server), unlike the HTTP
/// scenarios: what is measured here are two in-process calls, <see cref="SearchRebuilder.RunAsync"/>
/// and <see cref="ISearchIndex.CountAsync"/>, and decorating the app's services is what gives the
/// rebuild's breakdown. A child process would add GraphQL and loopback to a sub-millisecond count
/// and could not say where a rebuild spends its time.
/// </summary>
public sealed class AudienceScenario : IScenario
{
    private const int DefaultMembers = 1_000_000, DefaultQueries = 2_000, WarmupQueries = 400, BruteForceChecks = 20;
    private const double IndexTargetSeconds = 25, P50TargetMs = 1, P99TargetMs = 3, RatioTarget = 20;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string Name => "audiences";
    public string Description => "1M Bogus members: index rebuild (≤25 s), 3-tag + range audience counts (p50 ≤1 ms, p99 ≤3 ms, ≥20× PostgreSQL GIN)";

    public async Task<int> RunAsync(BenchOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        var members = options.Members ?? DefaultMembers;
        var queries = options.Queries ?? DefaultQueries;
        var ginPg = options.GinPostgresConnectionString ?? options.PostgresConnectionString;
        Report.Machine(Name);
        Report.Line($"Database: {(options.PostgresConnectionString is null ? "SQLite (fresh temp folder)" : "PostgreSQL")}; {members:N0} members; " +
            $"{queries:N0} counts per variant after {WarmupQueries} warm-up audiences counted over and over for {WarmupTime.TotalSeconds:0} s (both sides); app in-process (WebApplicationFactory, no HTTP).");
        Report.Line($"Load average (1/5/15 min) at start: {Report.LoadAverage()}");

        var timings = new RebuildTimings();
        var dataPath = Directory.CreateTempSubdirectory("shop-bench-aud-").FullName;
        var exit = 0;
        try
        {
            var settings = ShopServer.Settings(options, dataPath);
            // Start-up warnings (data-protection keys, no wwwroot) say nothing about this run.
            settings["Logging:LogLevel:Default"] = settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Error";
            var contentRoot = Path.GetDirectoryName(ShopServer.ShopWebDll())!;
            await using var shop = new ShopServer.InProcessShop(settings, contentRoot);
            await using var app = shop.WithWebHostBuilder(b => b.ConfigureTestServices(timings.Decorate));
            var services = app.Services; // builds and starts the host: migrations run here

            var generator = await GenerateAsync(services, options, members);
            var rebuild = await RebuildAsync(services, timings, members);
            exit |= rebuild.Ok ? 0 : 1;

            await using var scope = services.CreateAsyncScope();
            var catalog = scope.ServiceProvider.GetRequiredService<SearchCatalog>();
            var index = catalog.Open(SearchIndexes.Members);
            var now = DateTimeOffset.UtcNow;
            var variants = new[] { true, false }.Select(all => new Variant(all,
                AudienceQuery.Mix(all, WarmupQueries, seed: all ? 11 : 12),
                AudienceQuery.Mix(all, queries, seed: all ? 21 : 22))).ToList();
            foreach (var v in variants)
            {
                v.Lucene = await MeasureLuceneAsync(index, catalog.Definition(SearchIndexes.Members), now, v);
                exit |= BruteForceCheck(generator, v) ? 0 : 1;
            }

            GinComparison? gin = null;
            if (ginPg is null)
            {
                Report.Line("PostgreSQL GIN comparison: skipped (give --gin-pg \"<connection string>\" or --pg).");
            }
            else
            {
                gin = await GinComparison.OpenAsync(ginPg);
                await LoadGinAsync(gin, generator);
                foreach (var v in variants)
                {
                    v.Postgres = await MeasurePostgresAsync(gin, v);
                    exit |= CompareCounts(v) ? 0 : 1;
                }
            }

            Summary(rebuild.Seconds, variants);
            if (gin is not null) await gin.DisposeAsync();
        }
        finally
        {
            try { Directory.Delete(dataPath, recursive: true); } catch (IOException) { }
        }
        Report.Footer();
        Report.Line($"audiences wall time: {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return exit;
    }

    private sealed class Variant(bool all, List<AudienceQuery> warmup, List<AudienceQuery> measured)
    {
        public string Name => all ? "all-of-3 tags + range" : "any-of-3 tags + range";
        public List<AudienceQuery> Warmup { get; } = warmup;
        public List<AudienceQuery> Measured { get; } = measured;
        public Latencies? Lucene { get; set; }
        public Latencies? Postgres { get; set; }
    }

    private sealed record Latencies(LatencyHistogram Histogram, long[] Counts, string Load)
    {
        public double Ms(double percentile) => Histogram.Percentile(percentile) / 1000.0;
        public double MaxMs => Histogram.MaxMicrosSeen / 1000.0;
        public double MeanMs { get; init; }

        public string Line(string name) =>
            $"{name}: n={Histogram.Count:N0} p50={Report.Ms(Ms(50))} p90={Report.Ms(Ms(90))} p99={Report.Ms(Ms(99))} max={Report.Ms(MaxMs)} mean={Report.Ms(MeanMs)}; " +
            $"audience sizes median {Median(Counts):N0}, max {Counts.Max():N0}, empty {Counts.Count(c => c == 0):N0}; load {Load}";
    }

    private static async Task<MemberGenerator> GenerateAsync(IServiceProvider services, BenchOptions options, int members)
    {
        var connectionString = services.GetRequiredService<DatabaseOptions>().ConnectionString;
        var generator = new MemberGenerator(members, DateTimeOffset.UtcNow);
        var started = Stopwatch.GetTimestamp();
        await using (IMemberSink sink = options.PostgresConnectionString is null
                         ? await SqliteMemberSink.OpenAsync(connectionString)
                         : await PostgresMemberSink.OpenAsync(connectionString))
        {
            var step = Math.Max(MemberGenerator.ChunkSize, members / 5);
            await generator.WriteAsync(sink, new SyncProgress<int>(done =>
            {
                if (done % step == 0 || done == members)
                    Report.Line($"  generated {done:N0} members ({Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s, load {Report.LoadAverage()})");
            }));
        }
        var total = Stopwatch.GetElapsedTime(started);
        Report.Line($"audiences generate: {members:N0} members ({generator.Buyers:N0} with paid orders), {generator.OrderRows:N0} orders, " +
            $"{generator.TagRows:N0} member_tags rows in {total.TotalSeconds:0.0} s (Bogus {generator.Generating.TotalSeconds:0.0} s, inserts {generator.Writing.TotalSeconds:0.0} s)");
        var analysed = Stopwatch.GetTimestamp();
        await using (var scope = services.CreateAsyncScope())
        {
            // Statistics as a live database has them (autovacuum, PRAGMA optimize); not part of the rebuild's time.
            var db = scope.ServiceProvider.GetRequiredService<DbSession>();
            await db.ExecuteAsync(options.PostgresConnectionString is null ? "ANALYZE main" : "ANALYZE members; ANALYZE orders; ANALYZE member_tags");
        }
        Report.Line($"  ANALYZE: {Stopwatch.GetElapsedTime(analysed).TotalSeconds:0.0} s");
        var spend = generator.TotalPaidFen.Where(t => t > 0).Order().ToArray();
        if (spend.Length > 0)
            Report.Line($"  paid totals of buyers (fen): p10 {spend[spend.Length / 10]:N0}, median {spend[spend.Length / 2]:N0}, p90 {spend[spend.Length * 9 / 10]:N0}, p99 {spend[spend.Length * 99 / 100]:N0}, max {spend[^1]:N0}");
        var holders = new long[MemberGenerator.TagCount];
        foreach (var tags in generator.Tags) foreach (var t in tags) holders[t]++;
        Report.Line($"  tag holders: {MemberGenerator.TagNames[0]} {holders[0]:N0}, {MemberGenerator.TagNames[9]} {holders[9]:N0}, " +
            $"{MemberGenerator.TagNames[49]} {holders[49]:N0}, {MemberGenerator.TagNames[^1]} {holders[^1]:N0}; members without tags {generator.Tags.Count(t => t.Length == 0):N0}");
        return generator;
    }

    private static async Task<(bool Ok, double Seconds)> RebuildAsync(IServiceProvider services, RebuildTimings timings, int members)
    {
        var rebuilder = services.GetRequiredService<SearchRebuilder>();
        if (!await rebuilder.TryClaimAsync(SearchIndexes.Members)) throw new InvalidOperationException("The members index is already being rebuilt.");
        Report.Line($"Rebuilding the members index (load {Report.LoadAverage()}) ...");
        timings.Reset();
        var gcPause = GC.GetTotalPauseDuration();
        var gcCount = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await rebuilder.RunAsync(SearchIndexes.Members);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var seconds = elapsed.TotalSeconds;

        long documents;
        await using (var scope = services.CreateAsyncScope())
            documents = await scope.ServiceProvider.GetRequiredService<SearchCatalog>().Open(SearchIndexes.Members).CountAsync(new MatchAllQuery());
        Report.Line($"audiences index: {documents:N0} documents from the database to a committed Lucene index in {seconds:0.0} s " +
            $"({documents / seconds:N0} docs/s; target ≤ {IndexTargetSeconds} s: {(seconds <= IndexTargetSeconds ? "met" : "MISSED")}); " +
            $"process CPU {cpuUsed.TotalSeconds:0.0} s, {GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcCount} GCs pausing {(GC.GetTotalPauseDuration() - gcPause).TotalSeconds:0.00} s; load {Report.LoadAverage()}");
        // The rebuild reads the next batches from the database while two writers add earlier ones to
        // the index, so the writers' busy times add up to more than the wall time and the loader's runs beside them.
        var parts = timings.Parts;
        var writer = parts.Where(p => p.Part.StartsWith("provider", StringComparison.Ordinal)).ToList();
        var loader = parts.Except(writer).ToList();
        Report.Line("  writers (two side by side; busy time of both added up):");
        foreach (var (part, time) in writer) Report.Line($"    {part,-60} {time.TotalSeconds,6:0.00} s");
        Report.Line($"  loader (beside the writers, own connection): {loader.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Time).TotalSeconds:0.00} s");
        foreach (var (part, time) in loader) Report.Line($"    {part,-60} {time.TotalSeconds,6:0.00} s");
        Report.Line($"  {LuceneShape(services)}");
        var ok = documents == members;
        if (!ok) Report.Line($"  MISMATCH: the index holds {documents:N0} documents, the database {members:N0} members");
        return (ok, seconds);
    }

    /// <summary>Segments and size of the committed members index, read from its folder (the live generation named by CURRENT).</summary>
    private static string LuceneShape(IServiceProvider services)
    {
        var folder = Path.Combine(services.GetRequiredService<ShopPaths>().DataPath, "search", SearchIndexes.Members);
        var current = Path.Combine(folder, "CURRENT");
        if (!File.Exists(current)) return "Lucene index: no CURRENT file (not the Lucene provider?)";
        var generation = Path.Combine(folder, File.ReadAllText(current).Trim());
        using var directory = global::Lucene.Net.Store.FSDirectory.Open(generation);
        using var reader = global::Lucene.Net.Index.DirectoryReader.Open(directory);
        var bytes = new DirectoryInfo(generation).EnumerateFiles().Sum(f => f.Length);
        return $"Lucene index: {reader.Leaves.Count} segments ({string.Join(", ", reader.Leaves.Select(l => l.AtomicReader.MaxDoc.ToString("N0", Invariant)))} docs), {bytes / 1048576.0:0} MB on disk";
    }

    private static async Task<Latencies> MeasureLuceneAsync(ISearchIndex index, SearchIndexDefinition definition, DateTimeOffset now, Variant v)
    {
        var warmup = v.Warmup.Select(q => q.Compile(definition, now)).ToList();
        var measured = v.Measured.Select(q => q.Compile(definition, now)).ToList();
        var warmStarted = Stopwatch.GetTimestamp();
        var warmCounts = await WarmUpAsync(warmup, query => index.CountAsync(query));
        var warm = Stopwatch.GetElapsedTime(warmStarted);
        var histogram = new LatencyHistogram();
        var counts = new long[measured.Count];
        var load = Report.LoadAverage();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var collections = GC.CollectionCount(0);
        long total = 0;
        for (var i = 0; i < measured.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            counts[i] = await index.CountAsync(measured[i]);
            var ticks = Stopwatch.GetTimestamp() - started;
            total += ticks;
            histogram.Record(ticks * 1_000_000 / Stopwatch.Frequency);
        }
        var result = new Latencies(histogram, counts, load) { MeanMs = Stopwatch.GetElapsedTime(0, total).TotalMilliseconds / measured.Count };
        Report.Line($"  (warm-up: {warmCounts:N0} counts in {warm.TotalMilliseconds:0} ms; measured counts allocated {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / measured.Count:0.0} KB each, {GC.CollectionCount(0) - collections} GCs)");
        Report.Line(result.Line($"audiences count lucene {v.Name}"));
        return result;
    }

    /// <summary>
    /// Runs the warm-up audiences, again and again, until <see cref="WarmupTime"/> has passed: "warm"
    /// is the steady state, and .NET's tiered JIT only starts counting calls once no new code has
    /// been compiled for a while, so after a few hundred counts the counting loops may still run
    /// unoptimised code (2,000 counts measured after 400 warm-up counts gave twice the p50 of 80,000).
    /// Both sides get the same rule. Returns how many counts it ran.
    /// </summary>
    private static async Task<int> WarmUpAsync<TQuery, TResult>(IReadOnlyList<TQuery> queries, Func<TQuery, Task<TResult>> count)
    {
        var started = Stopwatch.GetTimestamp();
        var done = 0;
        do
        {
            foreach (var query in queries) await count(query);
            done += queries.Count;
        }
        while (Stopwatch.GetElapsedTime(started) < WarmupTime);
        return done;
    }

    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(3);

    /// <summary>The first counts recomputed from the generator's memory: the index must say exactly what was generated.</summary>
    private static bool BruteForceCheck(MemberGenerator generator, Variant v)
    {
        var tagIndex = MemberGenerator.TagNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => (byte)p.i);
        var wrong = 0;
        foreach (var (query, i) in v.Measured.Take(BruteForceChecks).Select((q, i) => (q, i)))
        {
            var wanted = query.Tags.Select(t => tagIndex[t]).ToArray();
            long expected = 0;
            for (var m = 0; m < generator.Ids.Length; m++)
            {
                if (generator.TotalPaidFen[m] < query.MinPaidFen) continue;
                var held = generator.Tags[m];
                if (query.All ? wanted.All(t => Array.IndexOf(held, t) >= 0) : wanted.Any(t => Array.IndexOf(held, t) >= 0)) expected++;
            }
            if (expected == v.Lucene!.Counts[i]) continue;
            wrong++;
            Report.Line($"  WRONG COUNT {query}: lucene {v.Lucene.Counts[i]:N0}, generated data {expected:N0}");
        }
        Report.Line($"  checked the first {Math.Min(BruteForceChecks, v.Measured.Count)} {v.Name} counts against the generated data: {(wrong == 0 ? "all equal" : $"{wrong} WRONG")}");
        return wrong == 0;
    }

    private static async Task LoadGinAsync(GinComparison gin, MemberGenerator generator)
    {
        Report.Line($"PostgreSQL GIN comparison on {gin.Server}; {await gin.SettingsAsync()}");
        var started = Stopwatch.GetTimestamp();
        foreach (var (step, time) in await gin.LoadAsync(generator)) Report.Line($"  {step}: {time.TotalSeconds:0.0} s");
        Report.Line($"  {GinComparison.Table} ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s; load {Report.LoadAverage()}");
    }

    private static async Task<Latencies> MeasurePostgresAsync(GinComparison gin, Variant v)
    {
        var warmStarted = Stopwatch.GetTimestamp();
        var warmCounts = await WarmUpAsync(v.Warmup, gin.CountAsync);
        Report.Line($"  (warm-up: {warmCounts:N0} counts in {Stopwatch.GetElapsedTime(warmStarted).TotalMilliseconds:0} ms)");
        Report.Line($"  plan of the first {v.Name} count ({string.Join(",", v.Measured[0].Tags)} ≥ {v.Measured[0].MinPaidFen:N0}):");
        foreach (var line in (await gin.ExplainAsync(v.Measured[0])).Split(Environment.NewLine)) Report.Line("    " + line);
        var histogram = new LatencyHistogram();
        var counts = new long[v.Measured.Count];
        var load = Report.LoadAverage();
        long total = 0;
        for (var i = 0; i < v.Measured.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            counts[i] = await gin.CountAsync(v.Measured[i]);
            var ticks = Stopwatch.GetTimestamp() - started;
            total += ticks;
            histogram.Record(ticks * 1_000_000 / Stopwatch.Frequency);
        }
        var result = new Latencies(histogram, counts, load) { MeanMs = Stopwatch.GetElapsedTime(0, total).TotalMilliseconds / v.Measured.Count };
        Report.Line(result.Line($"audiences count pg-gin {v.Name}"));
        return result;
    }

    private static bool CompareCounts(Variant v)
    {
        var differing = Enumerable.Range(0, v.Measured.Count).Where(i => v.Lucene!.Counts[i] != v.Postgres!.Counts[i]).ToList();
        foreach (var i in differing.Take(3))
            Report.Line($"  COUNTS DIFFER {v.Measured[i]}: lucene {v.Lucene!.Counts[i]:N0}, PostgreSQL {v.Postgres!.Counts[i]:N0}");
        Report.Line($"  {v.Name}: Lucene and PostgreSQL counts {(differing.Count == 0 ? $"agree on all {v.Measured.Count:N0} audiences" : $"DIFFER on {differing.Count:N0}")}");
        return differing.Count == 0;
    }

    private static void Summary(double indexSeconds, List<Variant> variants)
    {
        Console.WriteLine();
        var table = new Table().Border(TableBorder.Rounded).AddColumn("measurement").AddColumn(new TableColumn("figure").RightAligned()).AddColumn("target");
        table.AddRow("members index rebuild", $"{indexSeconds:0.0} s", Report.Check(indexSeconds <= IndexTargetSeconds, $"≤{IndexTargetSeconds} s"));
        foreach (var v in variants)
        {
            var lucene = v.Lucene!;
            table.AddRow($"Lucene {v.Name} p50", Report.Ms(lucene.Ms(50)), Report.Check(lucene.Ms(50) <= P50TargetMs, $"≤{P50TargetMs} ms"));
            table.AddRow($"Lucene {v.Name} p99", Report.Ms(lucene.Ms(99)), Report.Check(lucene.Ms(99) <= P99TargetMs, $"≤{P99TargetMs} ms"));
            if (v.Postgres is not { } pg) continue;
            table.AddRow($"PostgreSQL GIN {v.Name} p50", Report.Ms(pg.Ms(50)), "");
            table.AddRow($"PostgreSQL GIN {v.Name} p99", Report.Ms(pg.Ms(99)), "");
            var p50 = pg.Ms(50) / Math.Max(lucene.Ms(50), 0.001);
            var p99 = pg.Ms(99) / Math.Max(lucene.Ms(99), 0.001);
            table.AddRow($"PostgreSQL ÷ Lucene {v.Name}", $"p50 {p50:0.0}×, p99 {p99:0.0}×", Report.Check(p50 >= RatioTarget, $"≥{RatioTarget}× (p50)"));
            Report.Line($"audiences ratio {v.Name}: PostgreSQL GIN / Lucene p50 {p50.ToString("0.0", Invariant)}x p99 {p99.ToString("0.0", Invariant)}x mean {(pg.MeanMs / lucene.MeanMs).ToString("0.0", Invariant)}x");
        }
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 120);
        AnsiConsole.Write(table);
    }

    private static long Median(long[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
