using Npgsql;

namespace Shop.Framework.Data;

/// <summary>
/// Gathers works that asked for a shared transaction (<see cref="DbSession.InSharedTransactionAsync"/>)
/// into PostgreSQL transactions of many works each (<see cref="SharedTransaction"/>), at most
/// <see cref="DatabaseOptions.SharedTransactions"/> open at once. A work that arrives while they are
/// all busy waits for the next one, with whatever else arrived meanwhile: an idle server starts
/// each work at once, a busy one gathers more per transaction.
/// <para>
/// Works with the same key (the member a check-in is for) never share a transaction: inside one they
/// would not wait for each other's row locks, and those locks are what puts one member's check-ins
/// one after another. Each transaction takes its works in key order, so two transactions lock the
/// rows they both need in the same order.
/// </para>
/// </summary>
public sealed class SharedTransactions(IDbConnectionFactory factory, DatabaseOptions options)
{
    /// <summary>Works in one transaction at most: more would hold the first ones' locks for longer than it saves.</summary>
    public const int MaxWorks = 32;

    private readonly object _gate = new();
    private readonly List<Arrival> _arrivals = [];
    private int _open;
    private long _works, _commits, _alone;

    /// <summary>Works committed in shared transactions.</summary>
    public long Works => Interlocked.Read(ref _works);

    /// <summary>Shared transactions committed; <see cref="Works"/> over this is the works each carried.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Works sent back to run alone because their shared transaction rolled back.</summary>
    public long SentBackAlone => Interlocked.Read(ref _alone);

    /// <summary>
    /// The transaction this work runs in and its place there, once that transaction starts; null
    /// where transactions are not shared (SQLite, whose writer gathers transactions already, or
    /// sharing turned off), or when the shared one could not start: the work then runs alone.
    /// </summary>
    internal Task<(SharedTransaction Transaction, int Flow)?> JoinAsync(string key)
    {
        if (factory.Provider != DatabaseProvider.PostgreSQL || options.SharedTransactions <= 0)
            return Task.FromResult<(SharedTransaction, int)?>(null);
        var arrival = new Arrival(key);
        bool start;
        lock (_gate)
        {
            _arrivals.Add(arrival);
            start = _open < options.SharedTransactions;
            if (start) _open++;
        }
        if (start) _ = Task.Run(RunAsync);
        return arrival.Joined.Task;
    }

    private async Task RunAsync()
    {
        while (true)
        {
            List<Arrival> works;
            lock (_gate)
            {
                works = TakeWorks();
                if (works.Count == 0)
                {
                    _open--;
                    return;
                }
            }
            await RunOneAsync(works);
        }
    }

    /// <summary>The earliest arrivals, one per key, in key order.</summary>
    private List<Arrival> TakeWorks()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var taken = new List<Arrival>();
        for (var i = 0; i < _arrivals.Count && taken.Count < MaxWorks; i++)
        {
            if (!keys.Add(_arrivals[i].Key)) continue;
            taken.Add(_arrivals[i]);
            _arrivals.RemoveAt(i--);
        }
        taken.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return taken;
    }

    private async Task RunOneAsync(List<Arrival> works)
    {
        SharedTransaction shared;
        try
        {
            var connection = (NpgsqlConnection)await factory.OpenAsync();
            shared = new SharedTransaction(connection, await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted), works.Count);
        }
        catch (Exception)
        {
            // No connection to share: each work opens its own, and meets the same problem there if it lasts.
            foreach (var work in works) work.Joined.TrySetResult(null);
            return;
        }
        for (var flow = 0; flow < works.Count; flow++) works[flow].Joined.TrySetResult((shared, flow));
        if (await shared.EndAsync())
        {
            Interlocked.Add(ref _works, works.Count);
            Interlocked.Increment(ref _commits);
        }
        else Interlocked.Add(ref _alone, works.Count);
    }

    private sealed record Arrival(string Key)
    {
        public TaskCompletionSource<(SharedTransaction, int)?> Joined { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
