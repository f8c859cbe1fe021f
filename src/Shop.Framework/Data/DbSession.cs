using System.Collections;
using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;

namespace Shop.Framework.Data;

/// <summary>
/// The request's unit of work: one connection, opened on first use, and at most one
/// transaction that every module's service joins. A redemption that debits points, takes
/// stock and issues a coupon therefore commits or fails as one.
/// </summary>
public sealed partial class DbSession(IDbConnectionFactory factory, SharedTransactions? sharing = null) : IAsyncDisposable, IDisposable
{
    private DbConnection? _connection;
    private SharedTransaction? _shared;
    private int _flow;
    private DbConnection? _transactionConnection;
    private List<Func<Task>>? _afterCommit;
    private List<DeferredWrite>? _deferred;

    public DatabaseProvider Provider => factory.Provider;

    public DbTransaction? Transaction { get; private set; }

    /// <summary>
    /// Counts the transactions this session has begun, so memory kept for one transaction (what it
    /// already queued) can tell it from the next. The transaction object cannot: Npgsql reuses it.
    /// </summary>
    public long TransactionNumber { get; private set; }

    /// <summary>
    /// The connection the next statement runs on: the transaction's while there is one (on SQLite
    /// that is the writer connection, see <see cref="SqliteWriter"/>), else this session's own.
    /// </summary>
    public async ValueTask<DbConnection> ConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken);
        // Whoever runs their own command on it must find the queued writes done before it.
        if (TakeDeferred() is { } writes) await PostgresBatch.RunAsync<object>(connection, Transaction, writes, null, null, readRows: false);
        return connection;
    }

    private async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        // The shared transaction's connection carries other works' statements: this session's go through it, never on it.
        if (_shared is not null) throw new NotSupportedException("A work in a shared transaction sends its statements through DbSession's methods, with plain parameter objects.");
        return _transactionConnection ?? (_connection ??= await factory.OpenAsync(cancellationToken));
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction, joining the current one when there is one
    /// (only the outermost caller commits). Where the database has a write runner (SQLite's
    /// <see cref="SqliteWriter"/>: one writer connection, group commit) the work runs there;
    /// otherwise the transaction is this session's, on its own connection. Either way this returns
    /// once the work is committed, then runs what was registered for after the commit.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (Transaction is not null) return await work();
        T result;
        try
        {
            result = factory.Writes is { } writes
                ? await writes.RunAsync((connection, transaction) => JoinAsync(connection, transaction, work), cancellationToken)
                : await OwnTransactionAsync(work, cancellationToken);
        }
        catch
        {
            _afterCommit = null;
            throw;
        }
        await RunAfterCommitAsync();
        return result;
    }

    /// <summary>This session's statements run on the runner's connection and transaction while <paramref name="work"/> runs.</summary>
    private async Task<T> JoinAsync<T>(DbConnection connection, DbTransaction transaction, Func<Task<T>> work)
    {
        _transactionConnection = connection;
        Transaction = transaction;
        TransactionNumber++;
        try
        {
            return await work();
        }
        finally
        {
            Transaction = null;
            _transactionConnection = null;
        }
    }

    private async Task<T> OwnTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        Transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        TransactionNumber++;
        var committing = false;
        try
        {
            var result = await work();
            committing = true;
            if (Provider == DatabaseProvider.PostgreSQL) await PostgresBatch.CommitAsync(connection, Transaction, TakeDeferred());
            else await Transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch
        {
            _deferred = null;
            // A failed commit batch may have ended the transaction itself (the COMMIT ran and failed);
            // disposing it (finally) rolls back what is still open.
            if (!committing) await Transaction.RollbackAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            await Transaction.DisposeAsync();
            Transaction = null;
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> once the outermost transaction has committed (dropped on
    /// rollback). Used to hand freshly written outbox messages to their handlers without waiting
    /// for the next poll. Outside a transaction it runs at once.
    /// </summary>
    public Task AfterCommitAsync(Func<Task> action)
    {
        if (Transaction is null) return action();
        (_afterCommit ??= []).Add(action);
        return Task.CompletedTask;
    }

    private async Task RunAfterCommitAsync()
    {
        while (_afterCommit is { Count: > 0 } pending)
        {
            _afterCommit = null;
            foreach (var action in pending) await action();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction, on PostgreSQL one shared with other such works
    /// that arrive meanwhile (<see cref="SharedTransactions"/>): their statements travel together, so a
    /// burst of them costs a fraction of the round trips. Works with the same <paramref name="key"/>
    /// never share one. When any work of a shared transaction throws, it rolls back and every one of
    /// them runs again alone, in its own <see cref="InTransactionAsync{T}(Func{Task{T}}, CancellationToken)"/>,
    /// so <paramref name="work"/> must be safe to run twice (also after a commit whose answer was lost
    /// on the way back: the idempotency key it writes under must find the first run), should answer
    /// ordinary refusals without an exception or an error in the database (each costs its companions
    /// a second run), must not count on row locks to keep other works out (works in one transaction
    /// never wait for each other's locks; rows they change in common must be changed by guarded
    /// updates), and must send every statement through this session's methods with plain parameter
    /// objects. Elsewhere
    /// (SQLite, whose writer gathers transactions already; inside a transaction) it is InTransactionAsync.
    /// </summary>
    public async Task<T> InSharedTransactionAsync<T>(string key, Func<Task<T>> work)
    {
        if (Transaction is null && sharing is not null && await sharing.JoinAsync(key) is { } joined)
        {
            var (shared, flow) = joined;
            _shared = shared;
            _flow = flow;
            Transaction = shared.Transaction;
            TransactionNumber++;
            T result = default!;
            var done = false;
            try
            {
                result = await work();
                done = true;
            }
            catch (Exception)
            {
                // It runs again alone below, where its exception (if it is its own) reaches the caller.
            }
            finally
            {
                shared.Finish(flow, done ? TakeDeferred() : null, failed: !done);
                _deferred = null;
                _shared = null;
                Transaction = null;
            }
            if (await shared.Outcome)
            {
                await RunAfterCommitAsync();
                return result;
            }
            _afterCommit = null;
        }
        return await InTransactionAsync(work);
    }

    public Task InTransactionAsync(Func<Task> work, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async () => { await work(); return true; }, cancellationToken);

    /// <summary>
    /// "column is one of @parameter" for both providers; pass the list as an array. Npgsql sends
    /// it as one array parameter that PostgreSQL matches with ANY. On SQLite the list goes in as
    /// one JSON text parameter read by <c>json_each</c> (see <see cref="Bind"/>): Dapper's
    /// <c>IN @list</c> expansion would bind one parameter per element, and Microsoft.Data.Sqlite
    /// looks each one up by name in the statement, so a 1,000-id batch cost ~1M name comparisons.
    /// </summary>
    public string In(string column, string parameter) =>
        Provider == DatabaseProvider.PostgreSQL ? $"{column} = ANY(@{parameter})" : $"{column} IN (SELECT value FROM {Rows(parameter)})";

    /// <summary>
    /// The array in @<paramref name="parameter"/> as a table with one column, <c>value</c>, in the
    /// array's order, for <c>INSERT ... SELECT ... FROM</c> it: one statement for a whole list.
    /// </summary>
    public string Rows(string parameter) =>
        Provider == DatabaseProvider.PostgreSQL ? $"unnest(@{parameter}) AS rows(value)" : $"{JsonEach}@{parameter})";

    private const string JsonEach = "json_each(";

    /// <summary>
    /// A statement that changes rows. Outside a transaction it is still its own transaction on the
    /// database's write runner where there is one: on SQLite an autocommit write on another
    /// connection would wait in SQLite's busy handler behind the writer and then drop the writer
    /// connection's page cache (SQLite discards it when another connection has written).
    /// </summary>
    public async Task<int> ExecuteAsync(string sql, object? param = null) =>
        Transaction is null && factory.Writes is not null
            ? await InTransactionAsync(() => ExecuteInCurrentAsync(sql, param))
            : await ExecuteInCurrentAsync(sql, param);

    /// <summary>
    /// Whether <see cref="ExecuteLaterAsync"/> queues its write (PostgreSQL, inside a transaction),
    /// where waiting for a write's answer costs a round trip; elsewhere it runs the write at once, and
    /// a caller may as well read what the write returns.
    /// </summary>
    public bool QueuesWrites => Transaction is not null && Provider == DatabaseProvider.PostgreSQL;

    /// <summary>
    /// A write whose outcome the work does not branch on, beyond <paramref name="expectRows"/>: on
    /// PostgreSQL, inside a transaction, it waits and goes with the transaction's next statement or
    /// its commit, in the same round trip (<see cref="PostgresBatch"/>); elsewhere it runs now. When
    /// it changes other than <paramref name="expectRows"/> rows, <paramref name="mismatch"/>'s
    /// exception is thrown where it is sent (the next statement, or the commit) and the transaction
    /// rolls back, so use it only where that failure ends the whole transaction anyway. It takes a
    /// plain parameter object and must not return rows.
    /// </summary>
    public async Task ExecuteLaterAsync(string sql, object? param = null, int? expectRows = null, Func<Exception>? mismatch = null)
    {
        PostgresBatch.EnsureQueueable(sql, param);
        var write = new DeferredWrite(sql, param, expectRows, mismatch);
        if (!QueuesWrites)
        {
            write.Check(await ExecuteAsync(sql, param));
            return;
        }
        (_deferred ??= []).Add(write);
    }

    private List<DeferredWrite>? TakeDeferred()
    {
        if (_deferred is not { Count: > 0 } writes) return null;
        _deferred = null;
        return writes;
    }

    /// <summary>
    /// On PostgreSQL, sends the statement with the queued writes, if any, in one batch, its names
    /// bound by position (<see cref="PostgresParameters.Command"/>), and returns its result. Null on
    /// SQLite, and when the parameters need Dapper (queued writes then go first, alone): Dapper runs it.
    /// </summary>
    private async Task<(List<T> Rows, int Affected)?> SendWithQueuedAsync<T>(string sql, object? param, bool readRows)
    {
        if (_shared is not null)
        {
            if (!PostgresBatch.CanBind(param)) throw new NotSupportedException("A work in a shared transaction passes plain parameter objects.");
            var (rows, affected) = await _shared.SendAsync(_flow, TakeDeferred(), sql, param, readRows ? typeof(T) : null);
            return (rows.ConvertAll(SimpleValue.As<T>), affected);
        }
        if (Provider != DatabaseProvider.PostgreSQL) return null;
        var writes = TakeDeferred();
        var connection = await OpenAsync();
        if (PostgresBatch.CanBind(param)) return await PostgresBatch.RunAsync<T>(connection, Transaction, writes ?? [], sql, param, readRows);
        if (writes is not null) await PostgresBatch.RunAsync<T>(connection, Transaction, writes, null, null, readRows: false);
        return null;
    }

    private async Task<int> ExecuteInCurrentAsync(string sql, object? param) =>
        await SendWithQueuedAsync<object>(sql, param, readRows: false) is { } sent
            ? sent.Affected
            : await (await OpenAsync()).ExecuteAsync(sql, Bind(sql, param), Transaction);

    public async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? param = null) =>
        await SendWithQueuedAsync<T>(sql, param, readRows: true) is { } sent
            ? sent.Rows
            : await (await OpenAsync()).QueryAsync<T>(sql, Bind(sql, param), Transaction);

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null) =>
        await SendWithQueuedAsync<T>(sql, param, readRows: true) is { } sent
            ? sent.Rows.Count switch
            {
                0 => default,
                1 => sent.Rows[0],
                _ => throw new InvalidOperationException("Sequence contains more than one element"),
            }
            : await (await OpenAsync()).QuerySingleOrDefaultAsync<T>(sql, Bind(sql, param), Transaction);

    public async Task<T> ExecuteScalarAsync<T>(string sql, object? param = null) =>
        await SendWithQueuedAsync<T>(sql, param, readRows: true) is { } sent
            ? (sent.Rows.Count > 0 ? sent.Rows[0] : default)!
            : (await (await OpenAsync()).ExecuteScalarAsync<T>(sql, Bind(sql, param), Transaction))!;

    /// <summary>
    /// On SQLite, the lists that <see cref="In"/> reads with <c>json_each(@name)</c> become JSON
    /// text; every other parameter passes unchanged. PostgreSQL parameters are never touched.
    /// </summary>
    private object? Bind(string sql, object? param)
    {
        if (Provider == DatabaseProvider.PostgreSQL || param is null || !sql.Contains(JsonEach, StringComparison.Ordinal)) return param;
        var lists = JsonEachParameters.GetOrAdd(sql, static text =>
            JsonEachParameter().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase));
        var values = param switch
        {
            IEnumerable<KeyValuePair<string, object?>> pairs => pairs,
            _ => PostgresParameters.ReadableProperties(param.GetType()).Select(p => new KeyValuePair<string, object?>(p.Name, p.GetValue(param))),
        };
        var bound = new DynamicParameters();
        foreach (var (name, value) in values)
            bound.Add(name, lists.Contains(name) && value is IEnumerable list and not string ? JsonSerializer.Serialize<object>(list) : value);
        return bound;
    }

    private static readonly ConcurrentDictionary<string, HashSet<string>> JsonEachParameters = new();

    [GeneratedRegex(@"json_each\(@(\w+)\)")]
    private static partial Regex JsonEachParameter();

    public void Dispose()
    {
        Transaction?.Dispose();
        _connection?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Transaction is not null) await Transaction.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
