using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Framework.Data;

namespace Shop.Framework.Events;

/// <summary>
/// Delivers outbox messages to their handlers. A node claims a message with a guarded lease
/// update; each handler then runs in its own scope and transaction together with the insert of
/// its delivery row, so a handler that already succeeded is skipped on retry while a failed one
/// is retried with backoff. A message is done when every handler has a delivery row.
/// </summary>
public sealed class OutboxDispatcher(
    IEnumerable<EventSubscription> subscriptions,
    IServiceScopeFactory scopes,
    IDbConnectionFactory connections,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly ILookup<string, EventSubscription> _byEvent = subscriptions.ToLookup(s => s.EventName);
    private readonly string _owner = Guid.NewGuid().ToString("N");

    // Settable properties, not a positional record: Dapper then converts INTEGER (SQLite, Int64)
    // and INT (PostgreSQL, Int32) alike instead of demanding an exact constructor signature.
    private sealed class Message
    {
        public string Id { get; init; } = "";
        public string EventName { get; init; } = "";
        public string Payload { get; init; } = "";
        public long CreatedAt { get; init; }
        public int Attempts { get; init; }
    }

    /// <summary>Delivers messages whose next attempt is due; returns how many were completed.</summary>
    public async Task<int> DispatchDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = clock.NowMs();
        await using var connection = await connections.OpenAsync(cancellationToken);
        var ids = (await Dapper.SqlMapper.QueryAsync<string>(connection,
            "SELECT id FROM outbox_messages WHERE processed_at IS NULL AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now) " +
            "ORDER BY next_attempt_at LIMIT @batchSize", new { now, batchSize })).ToList();
        await connection.CloseAsync();
        return ids.Count == 0 ? 0 : await DispatchAsync(ids, cancellationToken);
    }

    public async Task<int> DispatchAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var completed = 0;
        foreach (var id in ids)
        {
            try
            {
                if (await DispatchOneAsync(id, cancellationToken)) completed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never surfaces to the caller that raised the event: its change is committed, and
                // the poll will retry.
                logger.LogError(e, "Outbox message {MessageId} could not be dispatched", id);
            }
        }
        return completed;
    }

    private async Task<bool> DispatchOneAsync(string id, CancellationToken cancellationToken)
    {
        var now = clock.NowMs();
        Message? message;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbSession>();
            var claimed = await db.ExecuteAsync(
                "UPDATE outbox_messages SET lease_owner = @owner, lease_until = @until WHERE id = @id AND processed_at IS NULL " +
                "AND (lease_until IS NULL OR lease_until < @now)",
                new { id, owner = _owner, until = now + (long)Lease.TotalMilliseconds, now });
            if (claimed == 0) return false;
            message = await db.QuerySingleOrDefaultAsync<Message>(
                "SELECT id AS Id, event_name AS EventName, payload AS Payload, created_at AS CreatedAt, attempts AS Attempts FROM outbox_messages WHERE id = @id",
                new { id });
        }
        if (message is null) return false;

        string? failure = null;
        foreach (var subscription in _byEvent[message.EventName])
        {
            try
            {
                await DeliverAsync(message, subscription, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = $"{subscription.HandlerType.Name}: {e.GetType().Name}: {e.Message}";
                logger.LogError(e, "Handler {Handler} failed on {Event} {MessageId}", subscription.HandlerType.Name, message.EventName, message.Id);
            }
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbSession>();
            var done = clock.NowMs();
            if (failure is null)
            {
                await db.ExecuteAsync(
                    "UPDATE outbox_messages SET processed_at = @done, lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = @id AND lease_owner = @owner",
                    new { id, done, owner = _owner });
                return true;
            }
            var attempts = message.Attempts + 1;
            await db.ExecuteAsync(
                "UPDATE outbox_messages SET attempts = @attempts, last_error = @error, next_attempt_at = @next, lease_owner = NULL, lease_until = NULL " +
                "WHERE id = @id AND lease_owner = @owner",
                new { id, attempts, error = failure[..Math.Min(2000, failure.Length)], next = done + (long)Backoff(attempts).TotalMilliseconds, owner = _owner });
            return false;
        }
    }

    private async Task DeliverAsync(Message message, EventSubscription subscription, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        await db.InTransactionAsync(async () =>
        {
            // The delivery row commits with the handler's work; a concurrent duplicate waits on
            // the row lock (PostgreSQL) or the write lock (SQLite) and then finds it delivered.
            var fresh = await db.ExecuteAsync(
                "INSERT INTO outbox_deliveries (message_id, handler, delivered_at) VALUES (@id, @handler, @now) ON CONFLICT DO NOTHING",
                new { id = message.Id, handler = subscription.HandlerName, now = clock.NowMs() });
            if (fresh == 0) return;
            var domainEvent = JsonSerializer.Deserialize(message.Payload, subscription.EventType, Outbox.Json)!;
            var handler = scope.ServiceProvider.GetRequiredService(subscription.HandlerType);
            var context = new EventContext(message.Id, message.EventName, message.CreatedAt);
            var handle = typeof(IEventHandler<>).MakeGenericType(subscription.EventType).GetMethod(nameof(IEventHandler<object>.HandleAsync))!;
            // Unwrapped, so a handler that throws before its first await is recorded by its own
            // exception, not as a TargetInvocationException that tells staff nothing.
            await (Task)handle.Invoke(handler, BindingFlags.DoNotWrapExceptions, null, [domainEvent, context, cancellationToken], null)!;
        }, cancellationToken);
    }

    /// <summary>10s, 20s, 40s ... capped at an hour: a broken handler does not spin, a fixed one catches up.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 10 * Math.Pow(2, Math.Min(attempts - 1, 12))));
}
