using GraphQL.Types;
using Shop.CheckIn.Models;
using Shop.CheckIn.Services;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;

namespace Shop.CheckIn.GraphQL;

public sealed class CheckInRewardType : ObjectGraphType<RewardLine>
{
    public CheckInRewardType()
    {
        Name = "CheckInReward";
        Description = "A part of a check-in's award. kind: BASE, STREAK (day = the streak day) or CUMULATIVE (day = the Nth check-in of the cycle).";
        Field<NonNullGraphType<StringGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<IntGraphType>>("day").Resolve(c => c.Source.Day);
        Field<NonNullGraphType<LongGraphType>>("points").Resolve(c => c.Source.Points);
        Field<NonNullGraphType<LongGraphType>>("growth").Resolve(c => c.Source.Growth);
    }
}

public sealed class CheckInRecordType : ObjectGraphType<CheckInRecord>
{
    public CheckInRecordType()
    {
        Name = "CheckInRecord";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<LocalDateGraphType>>("date").Description("The local day checked in, yyyy-MM-dd.").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("normal or makeup.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<IntGraphType>>("streak").Description("Consecutive days ending on this day (raised when a make-up fills a gap before it).")
            .Resolve(c => (int)c.Source.Streak);
        Field<NonNullGraphType<LongGraphType>>("pointsAwarded").Resolve(c => c.Source.PointsAwarded);
        Field<NonNullGraphType<LongGraphType>>("growthAwarded").Resolve(c => c.Source.GrowthAwarded);
        Field<NonNullGraphType<LongGraphType>>("costPoints").Description("Points paid for a make-up.").Resolve(c => c.Source.CostPoints);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckInRewardType>>>>("rewards").Resolve(c => c.Source.RewardLines);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => Instant.FromUnixMs(c.Source.CreatedAt));
    }
}

/// <summary>Both check-in mutations answer with a record or typed errors; only their error codes differ.</summary>
public abstract class CheckInPayloadTypeBase : ObjectGraphType<CheckInResult>
{
    protected CheckInPayloadTypeBase(string name, string codes)
    {
        Name = name;
        Description = "Codes: " + codes + ".";
        Field<CheckInRecordType>("record").Resolve(c => c.Source.Record);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class CheckInPayloadType() : CheckInPayloadTypeBase("CheckInPayload",
    "ALREADY_CHECKED_IN, NOT_AVAILABLE, UNAUTHENTICATED, VALIDATION");

public sealed class MakeUpCheckInPayloadType() : CheckInPayloadTypeBase("MakeUpCheckInPayload",
    "MAKEUP_DISABLED, MAKEUP_OUT_OF_RANGE, MAKEUP_LIMIT_REACHED, ALREADY_CHECKED_IN, INSUFFICIENT_POINTS, NOT_AVAILABLE, UNAUTHENTICATED, VALIDATION");

public sealed class CheckInInputType : InputObjectGraphType
{
    public CheckInInputType()
    {
        Name = "CheckInInput";
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey").Description("Same key, same member: the first record again.");
    }
}

public sealed class MakeUpCheckInInputType : InputObjectGraphType
{
    public MakeUpCheckInInputType()
    {
        Name = "MakeUpCheckInInput";
        Field<NonNullGraphType<LocalDateGraphType>>("date").Description("The missed local day, yyyy-MM-dd.");
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey").Description("Same key, same member: the first record again.");
    }
}
