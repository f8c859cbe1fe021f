using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace Shop.Benchmarks;

/// <summary>
/// One measurement: POST <see cref="Body"/> to <see cref="Url"/> over <see cref="Connections"/> connections.
/// With <see cref="Vary"/>, each request gets its own body and token instead (request n of the run).
/// </summary>
public sealed record LoadSpec(string Name, Uri Url, byte[] Body, string? BearerToken, int Connections, TimeSpan Warmup, TimeSpan Duration)
{
    public Func<long, (byte[] Body, string Token)>? Vary { get; init; }

    /// <summary>When set, CPU time is read at the start and end of the measured window.</summary>
    public CpuMeter? Cpu { get; init; }

    /// <summary>When set, the SQLite writer's counters are read at the start and end of the measured window.</summary>
    public WriterMeter? Writer { get; init; }
}

public sealed record LoadResult(string Name, int Connections, long Ok, long Errors, TimeSpan Elapsed,
    double P50Ms, double P99Ms, double MaxMs, string? FirstError)
{
    /// <summary>Successful requests per second; errors are reported, not counted as throughput.</summary>
    public double RequestsPerSecond => Ok / Elapsed.TotalSeconds;

    /// <summary>CPU time each party used during the measured window, when the spec asked for it.</summary>
    public CpuReading? Cpu { get; init; }

    /// <summary>What the SQLite writer did in the measured window (null on PostgreSQL or when not asked).</summary>
    public WriterReading? Writer { get; init; }
}

/// <summary>
/// Closed-loop load: N workers, each sending its next request as soon as the previous answer
/// is read, so N is both the concurrency and (with one connection per worker) the connection count.
/// </summary>
public static class LoadRunner
{
    // A non-empty errors list, top-level or in a mutation payload; an empty payload list ("errors":[]) is success.
    private static readonly byte[] ErrorsMarker = "\"errors\":[{"u8.ToArray();

    public static async Task<LoadResult> RunAsync(LoadSpec spec)
    {
        using var client = CreateClient(spec);
        var start = Stopwatch.GetTimestamp();
        // Warm-up requests run through the same loop (JIT tiers, connection setup, pools) but are not recorded.
        var measureFrom = start + (long)(spec.Warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(spec.Duration.TotalSeconds * Stopwatch.Frequency);

        var cpu = spec.Cpu is { } meter ? MeasureCpuAsync(meter, measureFrom, measureTo) : Task.FromResult<CpuReading?>(null);
        var writer = spec.Writer is { } writerMeter ? MeasureWriterAsync(writerMeter, measureFrom, measureTo) : Task.FromResult<WriterReading?>(null);
        var sequence = new StrongBox<long>(-1);
        var workers = Enumerable.Range(0, spec.Connections)
            .Select(_ => Task.Run(() => WorkerAsync(client, spec, sequence, measureFrom, measureTo)))
            .ToArray();
        var results = await Task.WhenAll(workers);

        var all = new LatencyHistogram();
        long errors = 0;
        string? firstError = null;
        foreach (var w in results)
        {
            all.Add(w.Latencies);
            errors += w.Errors;
            firstError ??= w.FirstError;
        }
        return new LoadResult(spec.Name, spec.Connections, all.Count, errors, spec.Duration,
            all.Percentile(50) / 1000.0, all.Percentile(99) / 1000.0, all.MaxMicrosSeen / 1000.0, firstError) { Cpu = await cpu, Writer = await writer };
    }

    private static async Task<CpuReading?> MeasureCpuAsync(CpuMeter meter, long from, long to)
    {
        await DelayUntilAsync(from);
        var start = meter.Read();
        await DelayUntilAsync(to);
        return meter.Read().Since(start);
    }

    private static async Task<WriterReading?> MeasureWriterAsync(WriterMeter meter, long from, long to)
    {
        await DelayUntilAsync(from);
        var start = await meter.ReadAsync();
        await DelayUntilAsync(to);
        return start is null ? null : (await meter.ReadAsync())?.Since(start);
    }

    private static Task DelayUntilAsync(long timestamp)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
    }

    private static HttpClient CreateClient(LoadSpec spec)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = spec.Connections,
            // Keep-alive connections for the whole run, as a browser or gateway would.
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler) { BaseAddress = spec.Url, Timeout = TimeSpan.FromSeconds(30) };
        if (spec.BearerToken is not null && spec.Vary is null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", spec.BearerToken);
        return client;
    }

    private sealed record WorkerResult(LatencyHistogram Latencies, long Errors, string? FirstError);

    private static async Task<WorkerResult> WorkerAsync(HttpClient client, LoadSpec spec, StrongBox<long> sequence, long measureFrom, long measureTo)
    {
        var latencies = new LatencyHistogram();
        long errors = 0;
        string? firstError = null;
        while (true)
        {
            var begin = Stopwatch.GetTimestamp();
            if (begin >= measureTo) break;
            string? error;
            try
            {
                error = await SendAsync(client, spec, spec.Vary?.Invoke(Interlocked.Increment(ref sequence.Value)));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                error = e.GetType().Name + ": " + e.Message;
            }
            var end = Stopwatch.GetTimestamp();
            // Only requests that both start and finish inside the window count, so
            // warm-up stragglers and the tail after the deadline don't skew req/s.
            if (begin < measureFrom || end > measureTo) continue;
            if (error is null)
            {
                latencies.Record((long)Stopwatch.GetElapsedTime(begin, end).TotalMicroseconds);
            }
            else
            {
                errors++;
                firstError ??= error;
            }
        }
        return new WorkerResult(latencies, errors, firstError);
    }

    /// <summary>Returns null on success, else a short description of what went wrong.</summary>
    private static async Task<string?> SendAsync(HttpClient client, LoadSpec spec, (byte[] Body, string Token)? varied)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new ByteArrayContent(varied?.Body ?? spec.Body) };
        if (varied is { } v) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", v.Token);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK) return $"HTTP {(int)response.StatusCode}: {Truncate(body)}";
        // GraphQL reports failures in a 200 body; a real client would treat them as failures too.
        if (body.AsSpan().IndexOf(ErrorsMarker) >= 0) return "GraphQL errors: " + Truncate(body);
        return null;
    }

    private static string Truncate(byte[] body) => System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
}
