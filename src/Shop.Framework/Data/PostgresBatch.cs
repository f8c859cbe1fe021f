using System.Collections;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Shop.Framework.Data;

/// <summary>
/// Sends a transaction's queued writes (<see cref="DbSession.ExecuteLaterAsync"/>) together with
/// the statement that needs an answer, as one Npgsql batch: one round trip, and one wake-up of the
/// server, where there were several (a statement with nothing queued goes as a batch of one). The statements run in the order they were issued, so locks
/// are taken in the same order as before; a failure stops the rest of the batch and fails the
/// transaction as it would have one statement at a time.
/// </summary>
internal static partial class PostgresBatch
{
    /// <summary>
    /// Whether <paramref name="param"/> can be bound here: a plain object whose properties name the
    /// parameters (anonymous types, records). Dapper's richer forms (a list run once per element,
    /// DynamicParameters, dictionaries) go through Dapper itself.
    /// </summary>
    public static bool CanBind(object? param) => param is null or not (IEnumerable or SqlMapper.IDynamicParameters);

    /// <summary>Refuses what cannot wait in the queue: a statement that returns rows, or parameters only Dapper binds.</summary>
    public static void EnsureQueueable(string sql, object? param)
    {
        if (!CanBind(param)) throw new ArgumentException("A queued write takes a plain parameter object.", nameof(param));
        if (ReturnsRows(sql)) throw new ArgumentException("A queued write returns no rows: nothing would read them.", nameof(sql));
    }

    /// <summary>
    /// Runs <paramref name="writes"/> and then <paramref name="sql"/> (when given) in one round trip.
    /// Returns the last statement's rows (read as <typeparamref name="T"/> when <paramref name="readRows"/>)
    /// and how many rows it changed. A queued write that fails in the database throws
    /// <see cref="DeferredWriteException"/>; one that changed other than its expected rows throws its own exception.
    /// </summary>
    public static async Task<(List<T> Rows, int Affected)> RunAsync<T>(DbConnection connection, DbTransaction? transaction,
        IReadOnlyList<DeferredWrite> writes, string? sql, object? param, bool readRows)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        foreach (var write in writes) batch.BatchCommands.Add(PostgresParameters.Command(write.Sql, write.Param));
        var last = sql is null ? null : PostgresParameters.Command(sql, param);
        if (last is not null) batch.BatchCommands.Add(last);

        var rows = await ExecuteAsync<T>(batch, writes, readRows, expectationsInSql: false);
        for (var i = 0; i < writes.Count; i++) writes[i].Check(batch.BatchCommands[i].RecordsAffected);
        return (rows, last?.RecordsAffected ?? 0);
    }

    /// <summary>
    /// Commits <paramref name="transaction"/> in the same round trip as its queued writes. The
    /// commit must not run when a write misses its expected rows, and nothing can be checked here
    /// between the two, so such a write goes as a statement that fails in PostgreSQL when its count
    /// is wrong (<see cref="Expecting"/>); its caller's exception is thrown for it. A transaction
    /// that already failed (a statement's error was caught inside it and the work went on) is
    /// refused: PostgreSQL would answer COMMIT with a silent rollback, and the work's writes would be
    /// lost while the caller was told they had landed. With no queued write, an empty SELECT finds that out.
    /// </summary>
    public static async Task CommitAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<DeferredWrite>? writes)
    {
        writes ??= [];
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        foreach (var write in writes)
            batch.BatchCommands.Add(PostgresParameters.Command(write.ExpectRows is { } expected ? Expecting(write.Sql, expected) : write.Sql, write.Param));
        if (writes.Count == 0) batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        try
        {
            await ExecuteAsync<object>(batch, writes, readRows: false, expectationsInSql: true);
        }
        catch (Exception e) when (e is PostgresException { SqlState: PostgresErrorCodes.InFailedSqlTransaction } || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.InFailedSqlTransaction })
        {
            throw new InvalidOperationException("The transaction had already failed and was rolled back: a statement's error was caught inside it " +
                "and the work went on, but PostgreSQL runs nothing more in a failed transaction.", e);
        }
    }

    /// <summary>
    /// <paramref name="sql"/> as one statement that divides by zero (and so fails, with its changes)
    /// unless it changed exactly <paramref name="rows"/> rows: RETURNING yields the rows a statement
    /// inserted, updated or deleted, those ON CONFLICT skipped or its WHERE left alone not among them.
    /// </summary>
    private static string Expecting(string sql, int rows) =>
        ExpectingSql.GetOrAdd((sql, rows), static key =>
        {
            // PostgreSQL takes data-modifying CTEs only at the top: a write's own go before "changed".
            var (ctes, main) = SplitCtes(key.Sql);
            return $"WITH {ctes}changed AS ({main} RETURNING 1) SELECT 1 / (CASE WHEN COUNT(*) = {key.Rows} THEN 1 ELSE 0 END) FROM changed";
        });

    /// <summary>
    /// A statement led by CTEs as their list ("a AS (...), b AS (...), ", to go after a WITH) and its
    /// main statement; ("", sql) when it has none.
    /// </summary>
    private static (string Ctes, string Main) SplitCtes(string sql)
    {
        var start = LeadingWith().Match(sql);
        if (!start.Success) return ("", sql);
        var depth = 0;
        for (var i = start.Length; i < sql.Length; i++)
        {
            if (sql[i] == '(') depth++;
            else if (sql[i] == ')' && --depth == 0)
            {
                // A body ended: another CTE follows a comma, a column list its AS; anything else is the main statement.
                var next = i + 1;
                while (next < sql.Length && char.IsWhiteSpace(sql[next])) next++;
                if (next < sql.Length && sql[next] == ',') continue;
                if (AsAhead().IsMatch(sql.AsSpan(next))) continue;
                return (sql[start.Length..next].TrimEnd() + ", ", sql[next..]);
            }
        }
        throw new ArgumentException("A statement led by WITH has no main statement after its CTEs.", nameof(sql));
    }

    /// <param name="expectationsInSql">Whether the writes with expected rows went as <see cref="Expecting"/>
    /// statements, whose division by zero is their caller's mismatch.</param>
    private static async Task<List<T>> ExecuteAsync<T>(NpgsqlBatch batch, IReadOnlyList<DeferredWrite> writes, bool readRows, bool expectationsInSql)
    {
        var rows = new List<T>();
        var last = batch.BatchCommands.Count - 1;
        try
        {
            await ReadAsync(batch, command => readRows && command == last ? typeof(T) : null, (_, row) => rows.Add(SimpleValue.As<T>(row)));
        }
        catch (NpgsqlException e) when (FirstUnfinished(batch, writes.Count) is { } failed)
        {
            var write = writes[failed];
            throw expectationsInSql && write.ExpectRows is not null && e is PostgresException { SqlState: PostgresErrorCodes.DivisionByZero }
                ? write.Missed()
                : new DeferredWriteException(write.Sql, e);
        }
        return rows;
    }

    /// <summary>
    /// Runs <paramref name="batch"/> and hands each row of the commands <paramref name="rowTypeOf"/> names
    /// a type for to <paramref name="row"/>, with the command's index. Npgsql gives a result only to
    /// statements that return rows (a SELECT, a RETURNING), having finished (and typed) those before it
    /// that return none; a result with rows has not finished either (its completion comes after its
    /// last row), so its command is the first not yet finished. An empty result may already have
    /// finished when it is reached: it has nothing to hand over, and is skipped.
    /// </summary>
    internal static async Task ReadAsync(NpgsqlBatch batch, Func<int, Type?> rowTypeOf, Action<int, object?> row)
    {
        await using var reader = await batch.ExecuteReaderAsync();
        var current = 0;
        do
        {
            if (reader.FieldCount == 0 || !reader.HasRows) continue;
            while (batch.BatchCommands[current].StatementType != StatementType.Unknown) current++;
            if (rowTypeOf(current) is not { } type) continue;
            // The untyped parser: Dapper's typed one casts the delegate itself, which fails for strings.
            var parse = SimpleValue.Is(type) ? SimpleValue.Reader(type) : reader.GetRowParser(type);
            while (await reader.ReadAsync()) row(current, parse(reader));
        }
        while (await reader.NextResultAsync());
    }

    /// <summary>
    /// The queued write the batch stopped at, if it stopped before the last statement. A statement
    /// that ran has the kind PostgreSQL's completion named (a SELECT for an <see cref="Expecting"/>
    /// write); the first still unknown failed, or a failure before it stopped it (Npgsql 10 leaves
    /// <see cref="NpgsqlException.BatchCommand"/> unset here).
    /// </summary>
    private static int? FirstUnfinished(NpgsqlBatch batch, int writes)
    {
        for (var i = 0; i < writes; i++)
            if (batch.BatchCommands[i].StatementType == StatementType.Unknown) return i;
        return null;
    }

    /// <summary>
    /// Whether the statement hands back rows: a SELECT, or a RETURNING of the statement itself. A
    /// write led by data-modifying CTEs (<c>WITH a AS (... RETURNING ...) INSERT ...</c>) returns rows
    /// only when its main statement does, so only that statement's top level is looked at.
    /// </summary>
    private static bool ReturnsRows(string sql) =>
        Returning.GetOrAdd(sql, static text =>
        {
            var main = TopLevel(SplitCtes(text).Main);
            return main.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                || main.Contains("RETURNING", StringComparison.OrdinalIgnoreCase);
        });

    /// <summary>The statement with everything inside parentheses left out.</summary>
    private static string TopLevel(string sql)
    {
        var top = new System.Text.StringBuilder(sql.Length);
        var depth = 0;
        foreach (var c in sql)
        {
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (depth == 0) top.Append(c);
        }
        return top.ToString();
    }

    private static readonly ConcurrentDictionary<string, bool> Returning = new();
    private static readonly ConcurrentDictionary<(string Sql, int Rows), string> ExpectingSql = new();

    [GeneratedRegex(@"^\s*WITH\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingWith();

    [GeneratedRegex(@"^AS\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsAhead();
}
