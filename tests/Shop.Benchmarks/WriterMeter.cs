using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Shop.Benchmarks;

/// <summary>
/// The SQLite writer's counters at one moment, or on PostgreSQL the shared transactions' (works,
/// commits, works sent back alone); differences over a window say how loaded or gathered they were.
/// </summary>
public sealed record WriterReading(double Writes, double Commits, TimeSpan Busy, TimeSpan At, double SharedWorks = 0, double SharedCommits = 0, double SentBackAlone = 0)
{
    public WriterReading Since(WriterReading start) => new(Writes - start.Writes, Commits - start.Commits, Busy - start.Busy, At - start.At,
        SharedWorks - start.SharedWorks, SharedCommits - start.SharedCommits, SentBackAlone - start.SentBackAlone);

    /// <summary>Share of the window the write slot was held: near 100% means writes queue for each other.</summary>
    public double Occupancy => At > TimeSpan.Zero ? Busy / At : 0;

    /// <summary>Slot time per write; one second over it is the most writes per second this work allows.</summary>
    public TimeSpan BusyPerWrite => Writes > 0 ? Busy / Writes : TimeSpan.Zero;
}

/// <summary>
/// Reads Shop's <c>shop_db_writer_*</c> (SQLite) or <c>shop_db_shared_*</c> (PostgreSQL) counters from its
/// Prometheus endpoint (the benchmark turns it on and scrapes with its admin API key). Without the endpoint, or either set, it reads null.
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
        return values.ContainsKey("writer_writes_total") || values.ContainsKey("shared_works_total")
            ? new WriterReading(values.GetValueOrDefault("writer_writes_total"), values.GetValueOrDefault("writer_commits_total"),
                TimeSpan.FromSeconds(values.GetValueOrDefault("writer_busy_seconds_total")), at,
                values.GetValueOrDefault("shared_works_total"), values.GetValueOrDefault("shared_commits_total"), values.GetValueOrDefault("shared_alone_total"))
            : null;
    }

    [GeneratedRegex(@"^shop_db_(?<name>writer_writes_total|writer_commits_total|writer_busy_seconds_total|shared_works_total|shared_commits_total|shared_alone_total)(?:\{[^}]*\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
