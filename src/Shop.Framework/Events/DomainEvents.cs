using Microsoft.Extensions.DependencyInjection;

namespace Shop.Framework.Events;

/// <summary>
/// Names an event type in the outbox. The name, not the CLR type, is what is stored, so a
/// class can be renamed or moved without stranding undelivered messages.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class DomainEventAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// Reacts to a domain event after the transaction that raised it committed. Delivery is at
/// least once; the handler's work and its delivery mark commit in one transaction (the
/// handler's scope's <see cref="Data.DbSession"/>), so a handler that writes only to the
/// database sees each message once. Anything it does outside the database must be idempotent.
/// </summary>
public interface IEventHandler<in TEvent>
{
    Task HandleAsync(TEvent domainEvent, EventContext context, CancellationToken cancellationToken);
}

/// <summary>Where a delivery came from: the outbox message id is a natural idempotency key.</summary>
public sealed record EventContext(string MessageId, string EventName, long RaisedAt);

/// <summary>One handler subscribed to one event type; the name is the delivery record's key.</summary>
public sealed record EventSubscription(string EventName, Type EventType, Type HandlerType)
{
    public string HandlerName => HandlerType.FullName!;

    public static string NameOf(Type eventType) =>
        (eventType.GetCustomAttributes(typeof(DomainEventAttribute), false).FirstOrDefault() as DomainEventAttribute)?.Name
        ?? throw new InvalidOperationException($"{eventType.Name} needs [DomainEvent(\"name\")] to travel through the outbox.");
}

public static class EventServiceExtensions
{
    public static IServiceCollection AddEventHandler<TEvent, THandler>(this IServiceCollection services)
        where THandler : class, IEventHandler<TEvent>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new EventSubscription(EventSubscription.NameOf(typeof(TEvent)), typeof(TEvent), typeof(THandler)));
        return services;
    }
}
