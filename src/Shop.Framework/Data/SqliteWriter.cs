using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Shop.Framework.Data;

/// <summary>
/// Every write transaction of the process, on SQLite's one writer. Four things make it fast:
/// <list type="bullet">
/// <item>Writers queue here, first come first served, and run the moment the writer is free. Left
/// to SQLite, a writer that finds the lock taken sleeps in the busy handler (1, 2, 5, 10 ms ...)
/// however soon it frees; busy_timeout still covers other processes.</item>
/// <item>They all run on one connection kept for writes. SQLite drops a connection's whole page
/// cache when it finds that another connection changed the database, so writes spread over the
/// pool each began cold; this connection's cache stays warm because only it writes, and its
/// statements stay compiled (<see cref="StatementCachingConnection"/>).</item>
/// <item>Group commit: while other writers are queued, the transaction stays open for the next one
/// instead of committing, up to <see cref="MaxBatch"/> writers; one COMMIT serves them all. Each
/// writer's work runs inside its own SAVEPOINT, so a writer that fails is rolled back alone. Nobody
/// returns before the commit that holds its writes: a caller that is told "done" is durable exactly
/// as before; a writer that failed also waits for its batch, so what it saw of the writers before it
/// is committed when it throws. Writes that touch the same pages (appends to a table, a hot row) are
/// written to the log once per batch instead of once per writer.</item>
/// <item>The writer that found the slot free runs the queued writers' work itself, one after another
/// (flat combining), each in the execution context its caller had. Handing the slot to the next
/// writer's own continuation instead left the slot held but idle until the thread pool ran that
/// continuation, often only once a sleeping thread was woken, on every write. Once its batch is committed, the combining writer returns to its own caller and a thread
/// pool item goes on with the writers still queued, one hop per batch instead of one per writer.</item>
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
    private readonly LinkedList<Job> _queue = new();
    private bool _held;
    private bool _disposed;
    // Touched only by the holder of the slot.
    private StatementCachingConnection? _connection;
    private long _commits;
    private long _writes;
    // Stopwatch ticks: when the slot last went from free to held, and the held time before that.
    private long _heldSince;
    private long _busyTicks;

    /// <summary>Transactions committed, and writers whose work they held (batching shows as fewer commits).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// How long the write slot has been held since start, the hop to a thread pool item between
    /// batches included. Every SQLite write of the process queues for this one slot, so busy time
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
        get { lock (_gate) return _queue.Count; }
    }

    public async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        var job = new Job<T>(work, cancellationToken);
        bool combine;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            combine = !_held;
            if (combine) Take();
            else job.Queue(_queue);
        }
        if (combine) await CombineAsync(job);
        else await WaitInQueueAsync(job, cancellationToken);
        return await job.Outcome;
    }

    /// <summary>
    /// Waits for a combining writer to run and commit the job. Giving up (time-out, cancellation) is
    /// possible only while the job is still queued; once taken it runs, and its caller gets what it did.
    /// </summary>
    private async Task WaitInQueueAsync(Job job, CancellationToken cancellationToken)
    {
        await job.Done.WaitAsync(timeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (job.Done.IsCompleted) return;
        lock (_gate)
        {
            if (job.Dequeue(_queue))
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"No SQLite write slot within {timeout.TotalSeconds:0} s: a write transaction is held too long.");
            }
        }
        await job.Done.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// Runs <paramref name="first"/> and the writers queued behind it as one batch and commits it;
    /// writers queued since are left to a thread pool item that goes on batch after batch until none
    /// is queued and the slot is freed. The caller that found the slot free so gets its answer after
    /// one batch. Never throws: every failure belongs to a job.
    /// </summary>
    private async Task CombineAsync(Job first)
    {
        var taken = await RunBatchAsync(first);
        var next = NextOrFree();
        Answer(taken);
        if (next is not null)
            ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Writer.DrainAsync(state.Next), (Writer: this, Next: next), preferLocal: false);
    }

    private async Task DrainAsync(Job next)
    {
        for (Job? job = next; job is not null;)
        {
            var taken = await RunBatchAsync(job);
            job = NextOrFree();
            Answer(taken);
        }
    }

    /// <summary>
    /// Lets the callers of a finished batch return. It comes after the slot is freed or passed on, so
    /// once every caller has returned nothing of theirs still holds the slot.
    /// </summary>
    private static void Answer(List<Job> taken)
    {
        foreach (var job in taken) job.Complete(job.Failure);
    }

    /// <summary>Runs one batch and commits it; returns every job it took, each with its failure if it has one.</summary>
    private async Task<List<Job>> RunBatchAsync(Job first)
    {
        DbTransaction? transaction = null;
        Exception? broken = null;
        var taken = new List<Job>();
        var members = new List<Job>(MaxBatch);
        for (var job = first; job is not null; job = members.Count < MaxBatch && broken is null ? TakeQueued() : null)
        {
            taken.Add(job);
            if (job.Cancellation.IsCancellationRequested)
            {
                job.Failure = new OperationCanceledException(job.Cancellation);
                continue;
            }
            try
            {
                transaction ??= await BeginAsync();
            }
            catch (Exception ex)
            {
                job.Failure = ex;
                continue;
            }
            members.Add(job);
            try
            {
                Execute(transaction, "SAVEPOINT writer");
                await job.RunAsync(_connection!, transaction);
                Execute(transaction, "RELEASE writer");
            }
            catch (Exception ex)
            {
                job.Failure = ex;
                broken = RollBackWriter(transaction);
            }
        }
        if (transaction is not null) await CommitAsync(transaction, members, broken);
        return taken;
    }

    /// <summary>Undoes one writer's work; when even that fails, the batch can no longer be trusted: the failure is returned and the batch rolled back whole.</summary>
    private Exception? RollBackWriter(DbTransaction transaction)
    {
        try
        {
            Execute(transaction, "ROLLBACK TO writer");
            Execute(transaction, "RELEASE writer");
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>
    /// Runs a savepoint statement on the writer's cached command for its text. One name serves every
    /// writer, as each releases its savepoint before the next begins; <c>SaveAsync</c> and the like
    /// compiled a new statement for each writer's own name, twice a write.
    /// </summary>
    private void Execute(DbTransaction transaction, string sql)
    {
        using var command = _connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Commits the batch; a writer that did not fail itself takes the batch's failure, if any.</summary>
    private async Task CommitAsync(DbTransaction transaction, List<Job> members, Exception? broken)
    {
        Exception? failure = null;
        try
        {
            if (broken is not null)
                throw new InvalidOperationException("A write batch was rolled back whole: a writer's work could not be undone alone.", broken);
            await transaction.CommitAsync(CancellationToken.None);
            Interlocked.Increment(ref _commits);
        }
        catch (Exception ex)
        {
            failure = ex;
            try { await transaction.RollbackAsync(CancellationToken.None); } catch (Exception) { /* already gone with the failed commit */ }
        }
        finally
        {
            await transaction.DisposeAsync();
            if (_disposed || _connection is { State: not ConnectionState.Open })
            {
                _connection?.Dispose();
                _connection = null;
            }
        }
        foreach (var job in members)
        {
            // A writer's own failure is the one to report, even when the batch failed too.
            if (job.Failure is null && failure is null) Interlocked.Increment(ref _writes);
            job.Failure ??= failure;
        }
    }

    private async Task<DbTransaction> BeginAsync()
    {
        _connection ??= new StatementCachingConnection(await open(CancellationToken.None), statementCacheCapacity);
        // Serializable is BEGIN IMMEDIATE: the write lock is taken up front, never upgraded mid-way.
        return await _connection.BeginTransactionAsync(IsolationLevel.Serializable, CancellationToken.None);
    }

    /// <summary>The next queued writer for the open batch; none once the writer is disposed (the batch in flight commits).</summary>
    private Job? TakeQueued()
    {
        lock (_gate)
            return _disposed ? null : Job.TakeFirst(_queue);
    }

    /// <summary>
    /// After a commit: the next queued writer, still holding the slot for it; or frees the slot when
    /// none is queued (deciding and freeing under one lock, so a writer queuing meanwhile is never
    /// left waiting on a free slot). A disposed writer fails whoever is still queued.
    /// </summary>
    private Job? NextOrFree()
    {
        List<Job>? refused = null;
        Job? next = null;
        lock (_gate)
        {
            if (_disposed)
                while (Job.TakeFirst(_queue) is { } job) (refused ??= []).Add(job);
            else next = Job.TakeFirst(_queue);
            if (next is null)
            {
                _held = false;
                _busyTicks += Stopwatch.GetTimestamp() - _heldSince;
            }
        }
        foreach (var job in refused ?? []) job.Complete(new ObjectDisposedException(nameof(SqliteWriter)));
        return next;
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
        NextOrFree();
    }

    /// <summary>One writer's work, from its queue to its caller's answer.</summary>
    private abstract class Job(CancellationToken cancellation)
    {
        private LinkedListNode<Job>? _node;
        // The caller's execution context (its logging scopes, activity, async locals) for the work,
        // when another writer's thread runs it; null when the caller runs it itself.
        private ExecutionContext? _context;

        public CancellationToken Cancellation { get; } = cancellation;

        /// <summary>What its caller gets instead of a result once its batch has ended: its own failure, or its batch's.</summary>
        public Exception? Failure { get; set; }

        /// <summary>Completes when the caller may have its outcome.</summary>
        public abstract Task Done { get; }

        public void Queue(LinkedList<Job> queue)
        {
            _context = ExecutionContext.Capture();
            _node = queue.AddLast(this);
        }

        /// <summary>Removes this job if it is still queued; the caller holds the writer's gate.</summary>
        public bool Dequeue(LinkedList<Job> queue)
        {
            if (_node?.List is null) return false;
            queue.Remove(_node);
            return true;
        }

        public static Job? TakeFirst(LinkedList<Job> queue)
        {
            if (queue.First is not { Value: var job }) return null;
            queue.RemoveFirst();
            return job;
        }

        public Task RunAsync(DbConnection connection, DbTransaction transaction)
        {
            if (_context is null) return Start(connection, transaction);
            Task? started = null;
            ExecutionContext.Run(_context, _ => started = Start(connection, transaction), null);
            return started!;
        }

        protected abstract Task Start(DbConnection connection, DbTransaction transaction);

        /// <summary>Hands the caller its result, or <paramref name="failure"/>.</summary>
        public abstract void Complete(Exception? failure);
    }

    private sealed class Job<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellation) : Job(cancellation)
    {
        private readonly TaskCompletionSource<T> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Outcome => _outcome.Task;

        public override Task Done => _outcome.Task;

        protected override async Task Start(DbConnection connection, DbTransaction transaction) =>
            _result = await work(connection, transaction);

        public override void Complete(Exception? failure)
        {
            if (failure is null) _outcome.TrySetResult(_result);
            else _outcome.TrySetException(failure);
        }
    }
}
