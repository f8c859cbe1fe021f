using System.Data.Common;
using Npgsql;

namespace Shop.Framework.Data;

/// <summary>
/// One PostgreSQL transaction that several independent works (flows) run in at once, each in its
/// own request and its own <see cref="DbSession"/> (see <see cref="SharedTransactions"/>). A flow's
/// statement waits until every flow still running is waiting on one too; then they all go in one
/// round trip, in flow order, and each flow gets its own statement's answer. So N check-ins cost
/// the round trips of one.
/// <para>
/// The transaction commits only when every flow finished without an exception; otherwise it rolls
/// back, and each flow runs again alone in its own transaction (<see cref="DbSession.InSharedTransactionAsync"/>).
/// A failing statement fails the whole transaction, so the works that share one must answer their
/// ordinary refusals without an error in the database or an exception.
/// </para>
/// </summary>
internal sealed class SharedTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, int flows)
{
    private readonly object _gate = new();
    private readonly List<Pending> _waiting = [];
    private readonly List<DeferredWrite>?[] _left = new List<DeferredWrite>?[flows];
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running = flows;
    private bool _failed;

    public DbTransaction Transaction => transaction;

    /// <summary>Completes with true once the transaction committed, false when it rolled back (the flows then run alone).</summary>
    public Task<bool> Outcome => _outcome.Task;

    /// <summary>Sends <paramref name="writes"/> and <paramref name="sql"/> with the other flows' next statements; rows are read as <paramref name="rowType"/> when given.</summary>
    public Task<(List<object?> Rows, int Affected)> SendAsync(int flow, List<DeferredWrite>? writes, string sql, object? param, Type? rowType)
    {
        var pending = new Pending(flow, writes ?? [], sql, param, rowType);
        bool send;
        lock (_gate)
        {
            if (_failed) return Task.FromException<(List<object?>, int)>(Abandoned());
            _waiting.Add(pending);
            send = _waiting.Count == _running;
        }
        if (send) _ = SendWaitingAsync();
        return pending.Answer.Task;
    }

    /// <summary>
    /// The flow is done: <paramref name="left"/> are its writes still queued (they go with the commit);
    /// <paramref name="failed"/> means it threw, and the transaction will roll back.
    /// </summary>
    public void Finish(int flow, List<DeferredWrite>? left, bool failed)
    {
        bool send, last;
        lock (_gate)
        {
            _left[flow] = left;
            _failed |= failed;
            _running--;
            last = _running == 0;
            send = !last && _waiting.Count == _running;
        }
        if (last) _finished.TrySetResult();
        else if (send) _ = SendWaitingAsync();
    }

    /// <summary>Waits for every flow, then commits with their last queued writes, or rolls back when one failed; true when it committed.</summary>
    public async Task<bool> EndAsync()
    {
        await _finished.Task;
        var committed = false;
        try
        {
            if (!_failed)
            {
                await PostgresBatch.CommitAsync(connection, transaction, [.. _left.SelectMany(w => w ?? [])]);
                committed = true;
            }
        }
        catch (Exception)
        {
            // A write that missed its count, or the commit itself: the flows find out by running again alone.
        }
        finally
        {
            // Disposing an uncommitted transaction rolls it back.
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
            _outcome.TrySetResult(committed);
        }
        return committed;
    }

    private async Task SendWaitingAsync()
    {
        List<Pending> round;
        bool failed;
        lock (_gate)
        {
            round = [.. _waiting.OrderBy(p => p.Flow)];
            _waiting.Clear();
            failed = _failed;
        }
        if (round.Count == 0) return;
        if (failed)
        {
            foreach (var pending in round) pending.Answer.TrySetException(Abandoned());
            return;
        }

        try
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            // Each command's flow, and whether it is that flow's statement (its queued writes come before it).
            var owners = new List<(Pending Pending, bool Statement)>();
            foreach (var pending in round)
            {
                pending.FirstCommand = batch.BatchCommands.Count;
                foreach (var write in pending.Writes)
                {
                    batch.BatchCommands.Add(PostgresParameters.Command(write.Sql, write.Param));
                    owners.Add((pending, false));
                }
                batch.BatchCommands.Add(PostgresParameters.Command(pending.Sql, pending.Param));
                owners.Add((pending, true));
            }

            await PostgresBatch.ReadAsync(batch, command => owners[command].Statement ? owners[command].Pending.RowType : null,
                (command, row) => owners[command].Pending.Rows.Add(row));

            foreach (var pending in round)
            {
                try
                {
                    for (var i = 0; i < pending.Writes.Count; i++) pending.Writes[i].Check(batch.BatchCommands[pending.FirstCommand + i].RecordsAffected);
                    pending.Answer.TrySetResult((pending.Rows, batch.BatchCommands[pending.FirstCommand + pending.Writes.Count].RecordsAffected));
                }
                catch (Exception e)
                {
                    pending.Answer.TrySetException(e);
                }
            }
        }
        catch (Exception e)
        {
            lock (_gate) _failed = true;
            foreach (var pending in round) pending.Answer.TrySetException(e);
        }
    }

    private static InvalidOperationException Abandoned() =>
        new("The shared transaction is being rolled back (another of its works failed); this work runs again alone.");

    private sealed record Pending(int Flow, List<DeferredWrite> Writes, string Sql, object? Param, Type? RowType)
    {
        public List<object?> Rows { get; } = [];

        /// <summary>Where this flow's commands (its queued writes, then its statement) start in the round's batch.</summary>
        public int FirstCommand { get; set; }
        public TaskCompletionSource<(List<object?> Rows, int Affected)> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
