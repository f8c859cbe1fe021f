using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Shop.Benchmarks.Audiences;

/// <summary>
/// The same audience counts as SQL on PostgreSQL: one row per member with its tags as a
/// <c>text[]</c> under a GIN index and the paid total under a btree, loaded with binary COPY
/// from the generator's memory (the very members, tags and totals the Lucene index holds).
/// </summary>
public sealed class GinComparison : IAsyncDisposable
{
    public const string Table = "bench_member_tags";
    private readonly NpgsqlConnection _connection;
    private NpgsqlCommand? _all, _any;

    private GinComparison(NpgsqlConnection connection) => _connection = connection;

    public static async Task<GinComparison> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return new GinComparison(connection);
    }

    public string Server => $"{_connection.Host}:{_connection.Port}/{_connection.Database} (PostgreSQL {_connection.PostgreSqlVersion})";

    /// <summary>Creates and fills the table, then builds the indexes; returns each step's time.</summary>
    public async Task<IReadOnlyList<(string Step, TimeSpan Time)>> LoadAsync(MemberGenerator members)
    {
        var steps = new List<(string, TimeSpan)>();
        await ExecuteAsync($"DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} (member_id text PRIMARY KEY, tags text[] NOT NULL, total_paid_fen bigint)");
        var started = Stopwatch.GetTimestamp();
        using (var importer = _connection.BeginBinaryImport($"COPY {Table} (member_id, tags, total_paid_fen) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < members.Ids.Length; i++)
            {
                importer.StartRow();
                importer.Write(members.Ids[i], NpgsqlDbType.Text);
                importer.Write(members.Tags[i].Select(t => MemberGenerator.TagNames[t]).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                importer.Write(members.TotalPaidFen[i], NpgsqlDbType.Bigint);
            }
            importer.Complete();
        }
        steps.Add(($"COPY {members.Ids.Length:N0} rows (with the primary key)", Stopwatch.GetElapsedTime(started)));
        started = Stopwatch.GetTimestamp();
        await ExecuteAsync($"CREATE INDEX {Table}_tags ON {Table} USING GIN (tags)");
        steps.Add(("CREATE INDEX ... USING GIN (tags)", Stopwatch.GetElapsedTime(started)));
        started = Stopwatch.GetTimestamp();
        await ExecuteAsync($"CREATE INDEX {Table}_paid ON {Table} (total_paid_fen)");
        steps.Add(("CREATE INDEX ... (total_paid_fen)", Stopwatch.GetElapsedTime(started)));
        started = Stopwatch.GetTimestamp();
        await ExecuteAsync($"VACUUM ANALYZE {Table}");
        steps.Add(("VACUUM ANALYZE", Stopwatch.GetElapsedTime(started)));
        return steps;
    }

    /// <summary>Server settings that decide the plans, printed beside the figures.</summary>
    public async Task<string> SettingsAsync()
    {
        await using var command = new NpgsqlCommand(
            "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name) FROM pg_settings " +
            "WHERE name IN ('shared_buffers', 'work_mem', 'max_parallel_workers_per_gather', 'effective_cache_size', 'jit', 'random_page_cost')", _connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The plan of one count, for the report (EXPLAIN ANALYZE, so it also runs the query).</summary>
    public async Task<string> ExplainAsync(AudienceQuery query)
    {
        await using var command = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {Sql(query.All)}", _connection);
        Bind(command, query);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary><c>SELECT count(*)</c> through a prepared statement, as an application would send it.</summary>
    public async Task<long> CountAsync(AudienceQuery query)
    {
        var command = query.All ? _all ??= await PrepareAsync(true) : _any ??= await PrepareAsync(false);
        command.Parameters[0].Value = query.Tags[0];
        command.Parameters[1].Value = query.Tags[1];
        command.Parameters[2].Value = query.Tags[2];
        command.Parameters[3].Value = query.MinPaidFen;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Sql(bool all) =>
        $"SELECT count(*) FROM {Table} WHERE tags {(all ? "@>" : "&&")} ARRAY[$1, $2, $3] AND total_paid_fen >= $4";

    private async Task<NpgsqlCommand> PrepareAsync(bool all)
    {
        var command = new NpgsqlCommand(Sql(all), _connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint });
        await command.PrepareAsync();
        return command;
    }

    private static void Bind(NpgsqlCommand command, AudienceQuery query)
    {
        foreach (var tag in query.Tags) command.Parameters.Add(new NpgsqlParameter { Value = tag, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = query.MinPaidFen, NpgsqlDbType = NpgsqlDbType.Bigint });
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, _connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_all is not null) await _all.DisposeAsync();
        if (_any is not null) await _any.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
