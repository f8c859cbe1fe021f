using System.Diagnostics;

namespace Shop.Benchmarks;

/// <summary>CPU time used so far by the server process, the local PostgreSQL processes and this load generator.</summary>
public sealed record CpuReading(TimeSpan Client, TimeSpan? Server, TimeSpan? Database)
{
    public CpuReading Since(CpuReading start) =>
        new(Client - start.Client, Server - start.Server, Database - start.Database);
}

/// <summary>
/// Reads CPU time per party, so a run can say what one request costs each of them. On shared cores
/// req/s is what the three together manage; CPU per request is what carries over to a dedicated
/// server. PostgreSQL is counted as every process named <c>postgres</c> on this machine (the
/// benchmark's database must be local for that figure to mean anything).
/// </summary>
public sealed class CpuMeter(int? serverProcessId, bool countPostgres)
{
    public CpuReading Read() => new(
        Process.GetCurrentProcess().TotalProcessorTime,
        serverProcessId is { } id ? ProcessCpu(id) : null,
        countPostgres ? PostgresCpu() : null);

    private static TimeSpan? ProcessCpu(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null; // exited
        }
    }

    /// <summary>
    /// Backends retitle themselves ("postgres: shop shop_bench 127.0.0.1(5000) idle"), which is what
    /// .NET takes for the process name, so they are found by the kernel's command name instead.
    /// </summary>
    private static TimeSpan PostgresCpu()
    {
        var total = TimeSpan.Zero;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var id)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd() != "postgres") continue;
            }
            catch (IOException) { continue; } // exited
            catch (UnauthorizedAccessException) { continue; }
            // A backend that exits before it is read takes its time with it; pooled connections stay
            // open for the whole run, so that loss is rounding.
            total += ProcessCpu(id) ?? TimeSpan.Zero;
        }
        return total;
    }

    /// <summary>True when the Npgsql connection string points at this machine (loopback or a Unix socket).</summary>
    public static bool IsLocal(string? postgresConnectionString)
    {
        if (postgresConnectionString is null) return false;
        var host = postgresConnectionString.Split(';')
            .Select(part => part.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0].Trim().ToLowerInvariant() is "host" or "server")
            .Select(kv => kv[1].Trim())
            .FirstOrDefault() ?? "localhost";
        return host is "localhost" or "127.0.0.1" or "::1" || host.StartsWith('/');
    }
}
