using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Shop.Benchmarks;

/// <summary>The SQLite writer's counters at one moment; differences over a window say how loaded it was.</summary>
public sealed record WriterReading(double Writes, double Commits, TimeSpan Busy, TimeSpan At)
{
    public WriterReading Since(WriterReading start) => new(Writes - start.Writes, Commits - start.Commits, Busy - start.Busy, At - start.At);

    /// <summary>Share of the window the write slot was held: near 100% means writes queue for each other.</summary>
    public double Occupancy => At > TimeSpan.Zero ? Busy / At : 0;

    /// <summary>Slot time per write; one second over it is the most writes per second this work allows.</summary>
    public TimeSpan BusyPerWrite => Writes > 0 ? Busy / Writes : TimeSpan.Zero;
}

/// <summary>
/// Reads Shop's <c>shop_db_writer_*</c> counters from its Prometheus endpoint (the benchmark turns it
/// on and scrapes with its admin API key). On PostgreSQL there is no writer, and without the endpoint nothing to read: both read as null.
/// </summary>
public sealed partial class WriterMeter(Uri baseAddress, string apiKey)
{
    private static readonly HttpClient Http = new();

    public async Task<WriterReading?> ReadAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "metrics"));
        request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
        using var response = await Http.SendAsync(request);
        // A server started without the endpoint has no figures to give; any other refusal is the benchmark's bug.
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        var at = TimeSpan.FromTicks(Environment.TickCount64 * TimeSpan.TicksPerMillisecond);
        var text = await response.Content.ReadAsStringAsync();
        var values = Sample().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        return values.TryGetValue("writes_total", out var writes)
            ? new WriterReading(writes, values.GetValueOrDefault("commits_total"), TimeSpan.FromSeconds(values.GetValueOrDefault("busy_seconds_total")), at)
            : null;
    }

    [GeneratedRegex(@"^shop_db_writer_(?<name>writes_total|commits_total|busy_seconds_total)(?:\{[^}]*\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
