using System.Text.Json;
using Shop.Framework.Data;

namespace Shop.Framework.Events;

/// <summary>
/// Raises domain events transactionally: the message is a row written in the caller's
/// transaction, so it exists exactly when the change that raised it does. After commit the
/// message is handed straight to <see cref="OutboxDispatcher"/>; if that fails or the process
/// dies, the dispatch task picks it up on its next poll.
/// </summary>
public sealed class Outbox(DbSession db, OutboxDispatcher dispatcher, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<string> PublishAsync<TEvent>(TEvent domainEvent) where TEvent : class
    {
        if (db.Transaction is null)
            throw new InvalidOperationException("Events are raised inside the transaction of the change they describe.");
        var id = Ids.New("evt");
        await db.ExecuteAsync(
            "INSERT INTO outbox_messages (id, event_name, payload, created_at, next_attempt_at, attempts) VALUES (@id, @name, @payload, @now, @now, 0)",
            new { id, name = EventSubscription.NameOf(typeof(TEvent)), payload = JsonSerializer.Serialize(domainEvent, Json), now = clock.NowMs() });
        await db.AfterCommitAsync(() => dispatcher.DispatchAsync([id], CancellationToken.None));
        return id;
    }
}
