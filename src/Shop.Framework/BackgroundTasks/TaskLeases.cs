using Shop.Framework.Data;

namespace Shop.Framework.BackgroundTasks;

/// <summary>
/// The lease row per task. Taking a lease is one guarded UPDATE: it succeeds only when the task
/// is due and nobody holds an unexpired lease. The holder renews it while the task runs
/// (<see cref="RenewAsync"/>), so a run longer than one lease is not taken for a dead node's, and
/// two nodes never run the same task at once.
/// </summary>
public sealed class TaskLeases(IDbConnectionFactory connections, TimeProvider clock)
{
    public async Task EnsureAsync(string name)
    {
        await using var db = new DbSession(connections);
        await db.ExecuteAsync(
            "INSERT INTO background_tasks (name, next_run_at, run_count) VALUES (@name, @now, 0) ON CONFLICT (name) DO NOTHING",
            new { name, now = clock.NowMs() });
    }

    public async Task<bool> TryAcquireAsync(string name, string owner, TimeSpan lease)
    {
        var now = clock.NowMs();
        await using var db = new DbSession(connections);
        var taken = await db.ExecuteAsync(
            "UPDATE background_tasks SET lease_owner = @owner, lease_until = @until " +
            "WHERE name = @name AND next_run_at <= @now AND (lease_until IS NULL OR lease_until < @now)",
            new { name, owner, now, until = now + (long)lease.TotalMilliseconds });
        return taken == 1;
    }

    /// <summary>
    /// Extends the lease from now, for its holder only: false when another node holds it (ours
    /// expired and was taken), and the run must stop.
    /// </summary>
    public async Task<bool> RenewAsync(string name, string owner, TimeSpan lease)
    {
        var now = clock.NowMs();
        await using var db = new DbSession(connections);
        return await db.ExecuteAsync(
            "UPDATE background_tasks SET lease_until = @until WHERE name = @name AND lease_owner = @owner",
            new { name, owner, until = now + (long)lease.TotalMilliseconds }) == 1;
    }

    /// <summary>Gives up a lease without completing the run (the node is stopping): the task stays due for the next node.</summary>
    public async Task ReleaseAsync(string name, string owner)
    {
        await using var db = new DbSession(connections);
        await db.ExecuteAsync(
            "UPDATE background_tasks SET lease_owner = NULL, lease_until = NULL WHERE name = @name AND lease_owner = @owner", new { name, owner });
    }

    public async Task CompleteAsync(string name, string owner, TimeSpan interval, long durationMs, string? error)
    {
        var now = clock.NowMs();
        await using var db = new DbSession(connections);
        await db.ExecuteAsync(
            "UPDATE background_tasks SET lease_owner = NULL, lease_until = NULL, next_run_at = @next, last_run_at = @now, " +
            "last_duration_ms = @durationMs, last_error = @error, run_count = run_count + 1 WHERE name = @name AND lease_owner = @owner",
            new { name, owner, now, next = now + (long)interval.TotalMilliseconds, durationMs, error });
    }

    /// <summary>Makes a task due now (admin "run now").</summary>
    public async Task TriggerAsync(string name)
    {
        await using var db = new DbSession(connections);
        await db.ExecuteAsync("UPDATE background_tasks SET next_run_at = @now WHERE name = @name", new { name, now = clock.NowMs() });
    }
}
