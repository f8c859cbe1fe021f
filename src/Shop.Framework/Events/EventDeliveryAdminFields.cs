using GraphQL;
using GraphQL.Types;
using Shop.Framework.Auth;
using Shop.Framework.GraphQL;

namespace Shop.Framework.Events;

/// <summary><c>eventDelivery</c> and <c>eventRetry</c> on the admin schema: events handlers keep failing on (see <see cref="OutboxMonitor"/>).</summary>
public sealed class EventDeliveryAdminFields : AdminFields
{
    public override void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<EventDeliveryType>>("eventDelivery")
            .Description("Domain events not yet delivered to every handler, and the oldest that failed, with the last error.")
            .RequirePermission(FrameworkPermissions.ManageSystem)
            .ResolveAsync(async c => await c.Service<OutboxMonitor>().StatusAsync());

    public override void AddMutations(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<EventRetryPayloadType>>("eventRetry")
            .Description("Tries an undelivered event again at the next dispatch instead of after its backoff. Errors: NOT_FOUND (no such event, or already delivered).")
            .Argument<NonNullGraphType<EventRetryInputType>>("input")
            .RequirePermission(FrameworkPermissions.ManageSystem)
            .ResolveAsync(async c =>
            {
                var id = (string)c.GetArgument<Dictionary<string, object?>>("input")["id"]!;
                return await c.Service<OutboxMonitor>().RetryNowAsync(id)
                    ? Array.Empty<UserError>()
                    : [new UserError(ErrorCodes.NotFound, $"No undelivered event '{id}'.", "id")];
            });

    private sealed class EventDeliveryType : ObjectGraphType<OutboxHealth>
    {
        public EventDeliveryType()
        {
            Name = "EventDelivery";
            Field<NonNullGraphType<LongGraphType>>("pending").Description("Events some handler has not yet handled.").Resolve(c => c.Source.Pending);
            Field<NonNullGraphType<LongGraphType>>("failing").Description("Of those, events a handler failed on at least once.").Resolve(c => c.Source.Failing);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<FailingEventType>>>>("oldestFailing").Description("Up to 20, oldest first.")
                .Resolve(c => c.Source.OldestFailing);
        }
    }

    private sealed class FailingEventType : ObjectGraphType<FailingEvent>
    {
        public FailingEventType()
        {
            Name = "FailingEvent";
            Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
            Field<NonNullGraphType<StringGraphType>>("eventName").Resolve(c => c.Source.EventName);
            Field<NonNullGraphType<LongGraphType>>("attempts").Resolve(c => c.Source.Attempts);
            Field<StringGraphType>("lastError").Description($"The first {OutboxMonitor.ErrorShown} characters; the full failure is logged.").Resolve(c => c.Source.LastError);
            Field<NonNullGraphType<LongGraphType>>("createdAt").Description("Unix milliseconds.").Resolve(c => c.Source.CreatedAt);
            Field<NonNullGraphType<LongGraphType>>("nextAttemptAt").Description("Unix milliseconds.").Resolve(c => c.Source.NextAttemptAt);
        }
    }

    private sealed class EventRetryInputType : InputObjectGraphType
    {
        public EventRetryInputType()
        {
            Name = "EventRetryInput";
            Field<NonNullGraphType<IdGraphType>>("id");
        }
    }

    private sealed class EventRetryPayloadType : ObjectGraphType<UserError[]>
    {
        public EventRetryPayloadType()
        {
            Name = "EventRetryPayload";
            Description = "Error codes: NOT_FOUND.";
            Field<NonNullGraphType<BooleanGraphType>>("retried").Resolve(c => c.Source.Length == 0);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source);
        }
    }
}
