using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shop.Framework.Data;
using Shop.Framework.Events;
using Shop.Testing;

namespace Shop.Web.Tests;

[DomainEvent("test.happened")]
public sealed record SomethingHappened(string What);

public sealed class DeliveryLog
{
    public List<string> Steady { get; } = [];
    public List<string> Flaky { get; } = [];
    public bool FlakyFails { get; set; } = true;
}

public sealed class SteadyHandler(DeliveryLog log, DbSession db) : IEventHandler<SomethingHappened>
{
    public async Task HandleAsync(SomethingHappened domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        // Proves the handler runs inside its delivery transaction.
        Assert.NotNull(db.Transaction);
        await Task.Yield();
        lock (log) log.Steady.Add(domainEvent.What);
    }
}

public sealed class FlakyHandler(DeliveryLog log) : IEventHandler<SomethingHappened>
{
    public Task HandleAsync(SomethingHappened domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        if (log.FlakyFails) throw new InvalidOperationException("downstream unavailable");
        lock (log) log.Flaky.Add(domainEvent.What);
        return Task.CompletedTask;
    }
}

/// <summary>Events are written with the change, delivered after commit, retried per handler.</summary>
public class OutboxTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly DeliveryLog _log = new();
    private readonly ShopAppFactory _app;

    public OutboxTests()
    {
        _app = new ShopAppFactory().WithServices(s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddSingleton(_log);
            s.AddEventHandler<SomethingHappened, SteadyHandler>();
            s.AddEventHandler<SomethingHappened, FlakyHandler>();
        });
        _app.CreateClient().Dispose();
    }

    public void Dispose() => _app.Dispose();

    private async Task RaiseAsync(string what, bool thenFail = false)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        await db.InTransactionAsync(async () =>
        {
            await outbox.PublishAsync(new SomethingHappened(what));
            if (thenFail) throw new InvalidOperationException("the change failed");
        });
    }

    private Task<int> DispatchDueAsync() => _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(100, CancellationToken.None);

    private async Task<long> PendingAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DbSession>().ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE processed_at IS NULL");
    }

    [Fact]
    public async Task A_failed_handler_is_retried_after_backoff_without_repeating_the_others()
    {
        await RaiseAsync("order-1");
        Assert.Equal(["order-1"], _log.Steady);
        Assert.Empty(_log.Flaky);
        Assert.Equal(1, await PendingAsync());

        _log.FlakyFails = false;
        Assert.Equal(0, await DispatchDueAsync()); // not due yet: backoff
        _clock.Advance(OutboxDispatcher.Backoff(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await DispatchDueAsync());

        Assert.Equal(["order-1"], _log.Steady);
        Assert.Equal(["order-1"], _log.Flaky);
        Assert.Equal(0, await PendingAsync());
        Assert.Equal(0, await DispatchDueAsync());
    }

    [Fact]
    public async Task A_rolled_back_change_raises_nothing()
    {
        _log.FlakyFails = false;
        await Assert.ThrowsAsync<InvalidOperationException>(() => RaiseAsync("ghost", thenFail: true));

        Assert.Empty(_log.Steady);
        Assert.Equal(0, await PendingAsync());
    }

    [Fact]
    public async Task Events_outside_a_transaction_are_refused()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => outbox.PublishAsync(new SomethingHappened("loose")));
    }

    [Fact]
    public async Task Messages_left_by_a_crash_are_delivered_by_the_poll()
    {
        // A crash between commit and dispatch: the row exists, nobody delivered it.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbSession>();
            await db.ExecuteAsync(
                "INSERT INTO outbox_messages (id, event_name, payload, created_at, next_attempt_at, attempts) VALUES ('evt_crash', 'test.happened', @payload, 0, 0, 0)",
                new { payload = "{\"what\":\"survivor\"}" });
        }
        _log.FlakyFails = false;

        var first = await Task.WhenAll(DispatchDueAsync(), DispatchDueAsync());

        Assert.Equal(1, first.Sum());
        Assert.Equal(["survivor"], _log.Steady);
        Assert.Equal(["survivor"], _log.Flaky);
    }

    [Fact]
    public async Task Staff_see_an_event_a_handler_keeps_failing_on_and_retry_it_without_waiting_out_the_backoff()
    {
        await RaiseAsync("order-7");
        const string status = "{ eventDelivery { pending failing oldestFailing { id eventName attempts lastError } } }";

        var failing = (await _app.AdminAsync(status)).Data!["eventDelivery"]!;
        var id = failing["oldestFailing"]![0]!["id"]!.GetValue<string>();
        var page = await _app.AdminClient().GetStringAsync("/admin/events");
        _log.FlakyFails = false;
        Assert.Equal(0, await DispatchDueAsync()); // still in its backoff
        var retry = await _app.AdminAsync("mutation($id: ID!) { eventRetry(input: {id: $id}) { retried errors { code field } } }", new { id });
        var delivered = await DispatchDueAsync();
        var again = await _app.AdminAsync("mutation($id: ID!) { eventRetry(input: {id: $id}) { retried errors { code field } } }", new { id });
        var after = (await _app.AdminAsync(status)).Data!["eventDelivery"]!;

        Assert.Equal(1, failing["pending"]!.GetValue<long>());
        Assert.Equal(1, failing["failing"]!.GetValue<long>());
        Assert.Equal("test.happened", failing["oldestFailing"]![0]!["eventName"]!.GetValue<string>());
        Assert.Equal(1, failing["oldestFailing"]![0]!["attempts"]!.GetValue<long>());
        Assert.Contains("downstream unavailable", failing["oldestFailing"]![0]!["lastError"]!.GetValue<string>());
        Assert.Contains(id, page);
        Assert.Contains("downstream unavailable", page);
        Assert.True(retry.Data!["eventRetry"]!["retried"]!.GetValue<bool>());
        Assert.Equal(1, delivered);
        Assert.Equal(["order-7"], _log.Flaky);
        Assert.Equal("NOT_FOUND", again.Data!["eventRetry"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(0, after["pending"]!.GetValue<long>());
        Assert.Empty(after["oldestFailing"]!.AsArray());
    }

    [Fact]
    public async Task The_events_page_retries_a_failing_event()
    {
        await RaiseAsync("order-8");
        var client = _app.AdminClient();
        var id = (await _app.AdminAsync("{ eventDelivery { oldestFailing { id } } }")).Data!["eventDelivery"]!["oldestFailing"]![0]!["id"]!.GetValue<string>();
        _log.FlakyFails = false;

        var posted = await client.PostFormAsync("/admin/events", "/admin/events?handler=Retry", new Dictionary<string, string> { ["id"] = id });

        Assert.Equal(System.Net.HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(1, await DispatchDueAsync());
        Assert.Contains("No failing events.", await client.GetStringAsync("/admin/events"));
    }
}
