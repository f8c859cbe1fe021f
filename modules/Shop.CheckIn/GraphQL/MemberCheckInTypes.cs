using GraphQL;
using GraphQL.Types;
using Shop.CheckIn.Services;
using Shop.Framework.Auth;
using Shop.Framework.GraphQL;
using Shop.Members.GraphQL;

namespace Shop.CheckIn.GraphQL;

/// <summary>
/// Adds <c>checkIn</c> to <c>Member</c>; batched across a page of members. A member sees their
/// own; staff need CheckIn.View (Members.View alone must not reveal check-in calendars).
/// </summary>
public sealed class MemberCheckInExtension : GraphTypeExtension<MemberType>
{
    public override void Extend(MemberType type) =>
        type.Field<NonNullGraphType<MemberCheckInType>>("checkIn")
            .Description("Check-in standing in the programme's local days. Your own on the storefront; staff need CheckIn.View.")
            .Resolve(c =>
            {
                c.DemandMemberOrPermission(c.Source.Id, Permissions.ViewCheckIns, "Check-ins");
                return c.Service<DataLoaders>()
                    .Get<string, CheckInStatus>("member-checkin",
                        async (ids, _) => await c.Service<CheckInReader>().StatusAsync(ids))
                    .Load(c.Source.Id);
            });
}

public sealed class MemberCheckInType : ObjectGraphType<CheckInStatus>
{
    public MemberCheckInType()
    {
        Name = "MemberCheckIn";
        Field<NonNullGraphType<BooleanGraphType>>("checkedInToday").Resolve(c => c.Source.CheckedInToday);
        Field<NonNullGraphType<IntGraphType>>("streak")
            .Description("Consecutive days ending today, or ending yesterday while today is still open; 0 otherwise.")
            .Resolve(c => c.Source.Streak);
        Field<NonNullGraphType<LongGraphType>>("totalDays").Description("All days checked in, make-ups included.").Resolve(c => c.Source.TotalDays);
        Field<NonNullGraphType<LongGraphType>>("cycleCount").Description("Check-ins in the current cycle (0 without a programme).").Resolve(c => c.Source.CycleCount);
        Field<NonNullGraphType<LongGraphType>>("makeUps").Description("Make-up check-ins ever made.").Resolve(c => c.Source.MakeUps);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckInDayType>>>>("calendar")
            .Description("Every local day of the month.")
            .Argument<NonNullGraphType<StringGraphType>>("month", "yyyy-MM, e.g. 2026-11.")
            .ResolveAsync(async c => await c.Service<CheckInReader>().CalendarAsync(c.Source.MemberId, c.GetArgument<string>("month"))
                ?? throw new ExecutionError("month must be yyyy-MM, e.g. 2026-11.") { Code = ErrorCodes.Validation });
    }
}

public sealed class CheckInDayType : ObjectGraphType<CheckInDay>
{
    public CheckInDayType()
    {
        Name = "CheckInDay";
        Field<NonNullGraphType<LocalDateGraphType>>("date").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<BooleanGraphType>>("checkedIn").Resolve(c => c.Source.Record is not null);
        Field<StringGraphType>("kind").Description("normal or makeup; null when not checked in.").Resolve(c => c.Source.Record?.Kind);
        Field<NonNullGraphType<LongGraphType>>("pointsAwarded").Resolve(c => c.Source.Record?.PointsAwarded ?? 0);
        Field<NonNullGraphType<LongGraphType>>("growthAwarded").Resolve(c => c.Source.Record?.GrowthAwarded ?? 0);
        Field<NonNullGraphType<IntGraphType>>("streak").Resolve(c => (int)(c.Source.Record?.Streak ?? 0));
        Field<NonNullGraphType<BooleanGraphType>>("canMakeUp")
            .Description("A missed day inside the make-up window and cycle, with make-ups left.")
            .Resolve(c => c.Source.CanMakeUp);
    }
}
