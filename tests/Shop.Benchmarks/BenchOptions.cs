namespace Shop.Benchmarks;

public enum HostMode
{
    /// <summary>Each server is its own process: client and server share no GC, heap or thread pool.</summary>
    Child,
    /// <summary>Servers run inside the benchmark process (quicker to debug, less honest).</summary>
    InProcess,
}

/// <summary>Options shared by every scenario: <c>&lt;scenario&gt; [--duration S] [--warmup S] ...</c>.</summary>
public sealed record BenchOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);
    public int[] Connections { get; init; } = [8, 32];
    public HostMode Host { get; init; } = HostMode.Child;
    /// <summary>Null means SQLite in a fresh temp folder.</summary>
    public string? PostgresConnectionString { get; init; }
    /// <summary>Members to seed, for scenarios that need many (check-in); null = the scenario's default.</summary>
    public int? Members { get; init; }
    /// <summary>Queries per measured variant, for scenarios that time single queries (audiences); null = the scenario's default.</summary>
    public int? Queries { get; init; }
    /// <summary>PostgreSQL for the audiences scenario's GIN comparison table; null = <see cref="PostgresConnectionString"/>.</summary>
    public string? GinPostgresConnectionString { get; init; }

    public const string Usage = """
        options:
          --duration S        measured seconds per run (default 10)
          --warmup S          unmeasured seconds before each run (default 2)
          --connections 8,32  concurrent connections, one run each (default 8,32)
          --host child|inproc where servers run (default child: separate processes)
          --db sqlite|postgres  (default sqlite, in a fresh temp folder)
          --pg "<npgsql connection string>"  required with --db postgres
          --members N         members to seed where a scenario needs many (checkin: 100000, mall: 120000, audiences: 1000000)
          --queries N         audiences: counts per query variant (default 2000)
          --gin-pg "<npgsql connection string>"  audiences: database for the GIN comparison table (default --pg)
        """;

    /// <summary>Parses the options after the scenario name; throws <see cref="ArgumentException"/> with a readable message.</summary>
    public static BenchOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new BenchOptions();
        var db = "sqlite";
        string? pg = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--duration": options = options with { Duration = Seconds(name, value) }; break;
                case "--warmup": options = options with { Warmup = Seconds(name, value) }; break;
                case "--connections": options = options with { Connections = value.Split(',').Select(c => PositiveInt(name, c)).ToArray() }; break;
                case "--host":
                    options = options with { Host = value switch
                    {
                        "child" => HostMode.Child,
                        "inproc" => HostMode.InProcess,
                        _ => throw new ArgumentException("--host must be child or inproc."),
                    } };
                    break;
                case "--db":
                    db = value.ToLowerInvariant() is "sqlite" ? "sqlite"
                        : value.ToLowerInvariant() is "postgres" or "postgresql" ? "postgres"
                        : throw new ArgumentException("--db must be sqlite or postgres.");
                    break;
                case "--pg": pg = value; break;
                case "--members": options = options with { Members = PositiveInt(name, value) }; break;
                case "--queries": options = options with { Queries = PositiveInt(name, value) }; break;
                case "--gin-pg": options = options with { GinPostgresConnectionString = value }; break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }
        if (db != "sqlite")
        {
            if (string.IsNullOrWhiteSpace(pg)) throw new ArgumentException("--db postgres needs --pg \"<connection string>\".");
            options = options with { PostgresConnectionString = pg };
        }
        return options;
    }

    private static TimeSpan Seconds(string name, string value) =>
        double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var s) && s >= 0
            ? TimeSpan.FromSeconds(s) : throw new ArgumentException($"{name} must be a number of seconds.");

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must list positive integers.");
}
