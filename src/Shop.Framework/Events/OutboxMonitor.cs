using Shop.Framework.Data;

namespace Shop.Framework.Events;

/// <summary>An event some handler keeps failing on: what it is, how often it failed, why last, and when it is tried next.</summary>
public sealed record FailingEvent
{
    public string Id { get; init; } = "";
    public string EventName { get; init; } = "";
    public long Attempts { get; init; }
    public string? LastError { get; init; }
    public long CreatedAt { get; init; }
    public long NextAttemptAt { get; init; }
}

/// <summary>Events not yet delivered to every handler, those among them that failed at least once, and the oldest of those.</summary>
public sealed record OutboxHealth(long Pending, long Failing, IReadOnlyList<FailingEvent> OldestFailing);

/// <summary>
/// What operators need when a handler keeps failing: the dispatcher retries forever (backoff up
/// to an hour) and logs each failure, but a merchant's staff look at the admin, not at logs. They
/// see the failing events with the last error, and after fixing the cause retry one at once
/// instead of waiting out its backoff.
/// </summary>
public sealed class OutboxMonitor(DbSession db, TimeProvider clock)
{
    public const int ErrorShown = 500;

    public async Task<OutboxHealth> StatusAsync(int take = 20)
    {
        // One pass over the undelivered rows, found through the (processed_at, next_attempt_at) index the dispatcher polls.
        var (pending, failing) = await db.QuerySingleOrDefaultAsync<(long, long)>(
            "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0) AS BIGINT) FROM outbox_messages WHERE processed_at IS NULL");
        var oldest = failing == 0 ? [] : (await db.QueryAsync<FailingEvent>(
            "SELECT id AS Id, event_name AS EventName, attempts AS Attempts, last_error AS LastError, created_at AS CreatedAt, next_attempt_at AS NextAttemptAt " +
            "FROM outbox_messages WHERE processed_at IS NULL AND attempts > 0 ORDER BY created_at, id LIMIT @take", new { take })).ToList();
        return new OutboxHealth(pending, failing, oldest.Select(e => e with { LastError = Shorten(e.LastError) }).ToList());
    }

    /// <summary>Makes an undelivered event due now; false when there is no such event or it was delivered meanwhile.</summary>
    public async Task<bool> RetryNowAsync(string id) =>
        await db.ExecuteAsync("UPDATE outbox_messages SET next_attempt_at = @now WHERE id = @id AND processed_at IS NULL", new { id, now = clock.NowMs() }) == 1;

    // The first lines say what failed; the stack below them is in the log.
    private static string? Shorten(string? error) => error is { Length: > ErrorShown } ? error[..ErrorShown] + "…" : error;
}
