using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Shop.CheckIn.Services;

namespace Shop.Benchmarks.Scenarios;

/// <summary>
/// The `checkin` scenario's work without HTTP, GraphQL or a load generator: N tasks in the app's own
/// process call <see cref="CheckInService"/> for distinct members as fast as it answers. What it
/// reaches is the ceiling the services and the database allow on this machine; the HTTP scenario
/// can only come in below it. Its CPU per check-in is the app's (service code, data access) and,
/// on a local PostgreSQL, the database's.
/// </summary>
public sealed class CheckInDirectScenario : IScenario
{
    private const int DefaultMembers = 100_000;

    public string Name => "checkin-direct";
    public string Description => "checkIn through CheckInService in-process, no HTTP (the ceiling of `checkin`)";

    public async Task<int> RunAsync(BenchOptions options)
    {
        options = options with { Host = HostMode.InProcess };
        Report.Header(Name, options);
        var (shop, ids) = await ShopServer.StartSeededAsync(options, options.Members ?? DefaultMembers);
        await using var _ = shop;
        var services = shop.Services!;
        var cpu = new CpuMeter(null, CpuMeter.IsLocal(options.PostgresConnectionString));

        long next = 0;
        var exitCode = 0;
        foreach (var connections in options.Connections)
        {
            var failed = 0L;
            string? firstError = null;
            var histograms = Enumerable.Range(0, connections).Select(_ => new LatencyHistogram()).ToArray();
            var measuring = false;
            var stop = false;
            long ok = 0;
            async Task WorkerAsync(LatencyHistogram histogram)
            {
                while (!Volatile.Read(ref stop))
                {
                    var index = Interlocked.Increment(ref next);
                    if (index >= ids.Count) { firstError ??= $"members ran out: rerun with --members {ids.Count * 2}"; return; }
                    var started = Stopwatch.GetTimestamp();
                    await using var scope = services.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<CheckInService>().CheckInAsync(ids[(int)index], $"direct-{index}");
                    if (result.Errors.Count > 0) firstError ??= $"{result.Errors[0].Code}: {result.Errors[0].Message}";
                    if (!Volatile.Read(ref measuring)) continue;
                    if (result.Errors.Count > 0)
                    {
                        Interlocked.Increment(ref failed);
                        continue;
                    }
                    Interlocked.Increment(ref ok);
                    histogram.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                }
            }

            // On threads of their own: on SQLite a check-in may complete without yielding, and a worker
            // started inline would then run through every member before the clock starts.
            var workers = histograms.Select(h => Task.Run(() => WorkerAsync(h))).ToArray();
            await Task.Delay(options.Warmup);
            var cpuStart = cpu.Read();
            var clock = Stopwatch.StartNew();
            Volatile.Write(ref measuring, true);
            await Task.Delay(options.Duration);
            Volatile.Write(ref measuring, false);
            var elapsed = clock.Elapsed;
            var used = cpu.Read().Since(cpuStart);
            Volatile.Write(ref stop, true);
            await Task.WhenAll(workers);

            var all = new LatencyHistogram();
            foreach (var h in histograms) all.Add(h);
            var result = new LoadResult(Name, connections, ok, failed, elapsed, all.Percentile(50) / 1000.0, all.Percentile(99) / 1000.0,
                all.MaxMicrosSeen / 1000.0, firstError) { Cpu = used };
            Report.Line(Report.Plain(result));
            if (firstError is not null) Report.Line($"first error c={connections}: {firstError}");
            if (ok == 0) exitCode = 1;
        }
        Report.Footer();
        return exitCode;
    }
}
