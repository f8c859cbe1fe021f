using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Events;
using Shop.Framework.GraphQL;
using Shop.Members.Events;
using Shop.Members.Models;
using Shop.Members.Services.Orders;
using Shop.Testing;

namespace Shop.Members.Tests;

/// <summary>Records what the intake asked of participants and which events reached handlers.</summary>
public sealed class IntakeRecorder
{
    public ConcurrentQueue<string> Calls { get; } = new();
    public ConcurrentQueue<OrderPaid> Paid { get; } = new();
    public ConcurrentQueue<OrderRefunded> Refunded { get; } = new();
    public ConcurrentQueue<OrderCancelled> Cancelled { get; } = new();

    public int Count(string call) => Calls.Count(c => c == call);
}

/// <summary>Refuses orders that use more than 1000 points, as a points module would when the balance is short.</summary>
public sealed class RecordingParticipant(IntakeRecorder recorder) : IOrderParticipant
{
    public Task<IReadOnlyList<UserError>> ReserveAsync(Order order)
    {
        if (order.PointsUsed > 1000)
            return Task.FromResult<IReadOnlyList<UserError>>([new UserError("INSUFFICIENT_POINTS", "Not enough points.", "pointsUsed")]);
        recorder.Calls.Enqueue($"reserve:{order.OrderId}");
        return Task.FromResult<IReadOnlyList<UserError>>([]);
    }

    public Task CaptureAsync(Order order)
    {
        recorder.Calls.Enqueue($"capture:{order.OrderId}");
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(Order order)
    {
        recorder.Calls.Enqueue($"release:{order.OrderId}");
        return Task.CompletedTask;
    }
}

public sealed class RecordingHandlers(IntakeRecorder recorder) : IEventHandler<OrderPaid>, IEventHandler<OrderRefunded>, IEventHandler<OrderCancelled>
{
    public Task HandleAsync(OrderPaid domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        recorder.Paid.Enqueue(domainEvent);
        return Task.CompletedTask;
    }

    public Task HandleAsync(OrderRefunded domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        recorder.Refunded.Enqueue(domainEvent);
        return Task.CompletedTask;
    }

    public Task HandleAsync(OrderCancelled domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        recorder.Cancelled.Enqueue(domainEvent);
        return Task.CompletedTask;
    }
}

public sealed class OrdersFixture : IDisposable
{
    public const string WebhookSecret = "test-webhook-secret-0123456789";
    public IntakeRecorder Recorder { get; } = new();
    public ShopAppFactory App { get; }

    public OrdersFixture()
    {
        App = new ShopAppFactory()
            .WithSetting("Shop:Webhooks:Secret", WebhookSecret)
            .WithServices(s =>
            {
                s.AddSingleton(Recorder);
                s.AddScoped<IOrderParticipant, RecordingParticipant>();
                s.AddEventHandler<OrderPaid, RecordingHandlers>();
                s.AddEventHandler<OrderRefunded, RecordingHandlers>();
                s.AddEventHandler<OrderCancelled, RecordingHandlers>();
            });
    }

    public void Dispose() => App.Dispose();
}
