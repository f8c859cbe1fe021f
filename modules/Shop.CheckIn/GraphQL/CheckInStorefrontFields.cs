using GraphQL;
using GraphQL.Types;
using Shop.CheckIn.Services;
using Shop.Framework.GraphQL;

namespace Shop.CheckIn.GraphQL;

public sealed class CheckInStorefrontFields : StorefrontFields
{
    public override void AddQueries(ObjectGraphType query)
    {
        query.Field<CheckInProgramType>("checkInProgram")
            .Description("The published check-in programme and today's reward; null when none is published.")
            .ResolveAsync(async c =>
            {
                if (await c.Service<CheckInPrograms>().CurrentAsync() is not { } active) return null;
                var today = await c.Service<CheckInReader>().TodayAsync(c.MemberId());
                return new CheckInProgramView(active, today!);
            });
    }

    public override void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CheckInPayloadType>>("checkIn")
            .Description("Checks the signed-in member in for today (local day). Once per day; a replayed key returns the first record.")
            .Argument<NonNullGraphType<CheckInInputType>>("input")
            .ResolveAsync(async c => await c.Service<CheckInService>().CheckInAsync(c.MemberId(),
                c.GetArgument<Dictionary<string, object?>>("input")["idempotencyKey"] as string));
        mutation.Field<NonNullGraphType<MakeUpCheckInPayloadType>>("makeUpCheckIn")
            .Description("Checks in on a missed past day of the current cycle, for the programme's cost in points.")
            .Argument<NonNullGraphType<MakeUpCheckInInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<CheckInService>().MakeUpAsync(c.MemberId(), input["date"] as string, input["idempotencyKey"] as string);
            });
    }
}
