using GraphQL;
using GraphQL.Types;
using Shop.CheckIn.Models;
using Shop.CheckIn.Services;
using Shop.Framework.GraphQL;

namespace Shop.CheckIn.GraphQL;

public sealed class CheckInAdminFields : AdminFields
{
    public override void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<CheckInStatsType>>("checkInStats")
            .Description("Check-ins recorded for one local day (make-ups count on the day they fill).")
            .Argument<NonNullGraphType<LocalDateGraphType>>("date", "yyyy-MM-dd")
            .RequirePermission(Permissions.ViewCheckIns)
            .ResolveAsync(async c =>
            {
                var date = c.GetArgument<string>("date");
                if (!CheckInDates.TryParse(date, out var day)) throw new ExecutionError("date must be yyyy-MM-dd.") { Code = ErrorCodes.Validation };
                return await c.Service<CheckInStore>().StatsAsync(day) with { Date = CheckInDates.Text(day) };
            });
    }
}

public sealed class CheckInStatsType : ObjectGraphType<CheckInDayStats>
{
    public CheckInStatsType()
    {
        Name = "CheckInStats";
        Field<NonNullGraphType<LocalDateGraphType>>("date").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<LongGraphType>>("checkIns").Description("Members checked in on the day, make-ups included.").Resolve(c => c.Source.CheckIns);
        Field<NonNullGraphType<LongGraphType>>("makeUps").Resolve(c => c.Source.MakeUps);
        Field<NonNullGraphType<LongGraphType>>("pointsAwarded").Resolve(c => c.Source.PointsAwarded);
        Field<NonNullGraphType<LongGraphType>>("growthAwarded").Resolve(c => c.Source.GrowthAwarded);
        Field<NonNullGraphType<LongGraphType>>("pointsSpent").Description("Make-up costs paid.").Resolve(c => c.Source.PointsSpent);
    }
}
