using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;

namespace Shop.Framework.Data;

/// <summary>
/// Every write transaction of the process, on SQLite's one writer. Three things make it fast:
/// <list type="bullet">
/// <item>Writers queue here, first come first served, and take the lock the moment it is free.
/// Left to SQLite, a writer that finds the lock taken sleeps in the busy handler (1, 2, 5, 10 ms
/// ...) however soon it frees; busy_timeout still covers other processes.</item>
/// <item>They all run on one connection kept for writes. SQLite drops a connection's whole page
/// cache when it finds that another connection changed the database, so writes spread over the
/// pool each began cold; this connection's cache stays warm because only it writes, and its
/// statements stay compiled (<see cref="StatementCachingConnection"/>).</item>
/// <item>Group commit: while other writers are queued, a finished writer leaves the transaction
/// open for the next one instead of committing, up to <see cref="MaxBatch"/> writers; the last
/// commits for all. Each writer's work runs inside its own SAVEPOINT, so a writer that fails is
/// rolled back alone. Nobody returns before the commit that holds its writes: a caller that is
/// told "done" is durable exactly as before; a writer that failed also waits for its batch, so
/// what it saw of the writers before it is committed when it throws. Writes that touch the same pages (appends to a
/// table, a hot row) are written to the log once per batch instead of once per writer.</item>
/// </list>
/// A batch that cannot commit fails every writer in it. Only a deferred constraint or an I/O
/// error can make a COMMIT fail; the schema declares no deferred constraints.
/// </summary>
public sealed class SqliteWriter(Func<CancellationToken, Task<SqliteConnection>> open, TimeSpan timeout, int statementCacheCapacity)
    : IWriteRunner, IDisposable
{
    /// <summary>
    /// Writers per commit at most: enough to share the commit's cost under load, few enough that
    /// the first writer of a batch does not wait long for the last.
    /// </summary>
    public const int MaxBatch = 16;

    private readonly object _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiting = new();
    private bool _held;
    private bool _disposed;
    // Touched only by the holder of the slot.
    private StatementCachingConnection? _connection;
    private Batch? _batch;
    private long _commits;
    private long _writes;
    // Stopwatch ticks: when the slot last went from free to held, and the held time before that.
    private long _heldSince;
    private long _busyTicks;

    /// <summary>Transactions committed, and writers whose work they held (batching shows as fewer commits).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// How long the write slot has been held since start, the wait for a handed-on slot's next
    /// holder included. Every SQLite write of the process queues for this one slot, so busy time
    /// over a window is the share of the database's write capacity used, and busy time per write
    /// bounds writes per second: 1 s / (busy / writes) when the slot never rests.
    /// </summary>
    public TimeSpan BusyTime
    {
        get
        {
            lock (_gate)
                return Stopwatch.GetElapsedTime(0, _busyTicks + (_held ? Stopwatch.GetTimestamp() - _heldSince : 0));
        }
    }

    /// <summary>Writers queued for the slot now.</summary>
    public int Waiting
    {
        get { lock (_gate) return _waiting.Count; }
    }

    public async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken);
        Batch batch;
        try
        {
            batch = _batch ??= await BeginAsync(cancellationToken);
        }
        catch
        {
            Leave();
            throw;
        }

        var savepoint = $"w{batch.Size++}";
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        try
        {
            await batch.Transaction.SaveAsync(savepoint, CancellationToken.None);
            result = await work(batch.Connection, batch.Transaction);
            await batch.Transaction.ReleaseAsync(savepoint, CancellationToken.None);
        }
        catch (Exception ex)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
            await RollBackToAsync(batch, savepoint);
        }
        var finished = batch.Join();
        await EndTurnAsync(batch);
        if (failure is not null)
        {
            // A failed writer also waits for its batch: it saw the writes of the writers before it,
            // and a caller that retries (a lost race) must find them committed when it reads again.
            try { await finished; } catch (Exception) { /* its own failure is the one to report */ }
            failure.Throw();
        }
        await finished;
        Interlocked.Increment(ref _writes);
        return result;
    }

    /// <summary>Undoes one writer's work; when even that fails, the batch can no longer be trusted and is rolled back whole.</summary>
    private static async Task RollBackToAsync(Batch batch, string savepoint)
    {
        try
        {
            await batch.Transaction.RollbackAsync(savepoint, CancellationToken.None);
            await batch.Transaction.ReleaseAsync(savepoint, CancellationToken.None);
        }
        catch (Exception ex)
        {
            batch.Broken = ex;
        }
    }

    /// <summary>Hands the open batch to the next queued writer, or commits it (and lets everyone in it return).</summary>
    private async Task EndTurnAsync(Batch batch)
    {
        if (batch.Size < MaxBatch && batch.Broken is null && TryHandOn()) return;
        _batch = null;
        try
        {
            if (batch.Broken is not null)
                throw new InvalidOperationException("A write batch was rolled back whole: a writer's work could not be undone alone.", batch.Broken);
            await batch.Transaction.CommitAsync(CancellationToken.None);
            Interlocked.Increment(ref _commits);
            batch.Complete(null);
        }
        catch (Exception ex)
        {
            try { await batch.Transaction.RollbackAsync(CancellationToken.None); } catch (Exception) { /* already gone with the failed commit */ }
            batch.Complete(ex);
        }
        finally
        {
            await batch.Transaction.DisposeAsync();
            if (_disposed || _connection is { State: not ConnectionState.Open })
            {
                _connection?.Dispose();
                _connection = null;
            }
            Leave();
        }
    }

    private async Task<Batch> BeginAsync(CancellationToken cancellationToken)
    {
        _connection ??= new StatementCachingConnection(await open(cancellationToken), statementCacheCapacity);
        // Serializable is BEGIN IMMEDIATE: the write lock is taken up front, never upgraded mid-way.
        var transaction = await _connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        return new Batch(_connection, transaction);
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_held)
            {
                Take();
                return;
            }
            node = _waiting.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        try
        {
            await node.Value.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            lock (_gate)
            {
                if (node.List is not null)
                {
                    _waiting.Remove(node);
                    if (ex is TimeoutException)
                        throw new TimeoutException($"No SQLite write slot within {timeout.TotalSeconds:0} s: a write transaction is held too long.", ex);
                    throw;
                }
            }
            // The slot was handed over as the wait gave up. It may carry an open batch whose writers
            // wait for its commit: take the turn without working, handing the batch on or committing it.
            if (_batch is { } open) await EndTurnAsync(open);
            else Leave();
            throw;
        }
    }

    /// <summary>
    /// Passes the slot, with the open batch, straight to the first queued writer; false when there
    /// is none (or the writer is disposed) and the caller must commit. Deciding and passing under one
    /// lock matters: a waiter that gave up between the two would otherwise leave the slot freed with
    /// the batch open, its writers waiting for a commit that only some later writer would make.
    /// </summary>
    private bool TryHandOn()
    {
        lock (_gate)
        {
            if (_disposed) return false;
            while (_waiting.First is { } next)
            {
                _waiting.RemoveFirst();
                if (next.Value.TrySetResult()) return true;
            }
            return false;
        }
    }

    /// <summary>Passes the slot straight to the first queued writer, or frees it.</summary>
    private void Leave()
    {
        lock (_gate)
        {
            while (_waiting.First is { } next)
            {
                _waiting.RemoveFirst();
                if (_disposed)
                {
                    next.Value.TrySetException(new ObjectDisposedException(nameof(SqliteWriter)));
                    continue;
                }
                if (next.Value.TrySetResult()) return;
            }
            _held = false;
            _busyTicks += Stopwatch.GetTimestamp() - _heldSince;
        }
    }

    /// <summary>Marks the free slot held; the caller holds <see cref="_gate"/>.</summary>
    private void Take()
    {
        _held = true;
        _heldSince = Stopwatch.GetTimestamp();
    }

    /// <summary>Refuses new writers; the connection closes now, or after the batch in flight commits.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_held) return;
            Take();
        }
        _connection?.Dispose();
        _connection = null;
        Leave();
    }

    private sealed class Batch(StatementCachingConnection connection, DbTransaction transaction)
    {
        private readonly List<TaskCompletionSource> _members = [];

        public StatementCachingConnection Connection { get; } = connection;
        public DbTransaction Transaction { get; } = transaction;
        public int Size { get; set; }
        public Exception? Broken { get; set; }

        public Task Join()
        {
            var member = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _members.Add(member);
            return member.Task;
        }

        public void Complete(Exception? failure)
        {
            foreach (var member in _members)
            {
                if (failure is null) member.TrySetResult();
                else member.TrySetException(failure);
            }
        }
    }
}
