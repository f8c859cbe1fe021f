using GraphQL.Types;
using Shop.Framework.GraphQL;
using Shop.CheckIn.Models;
using Shop.CheckIn.Services;

namespace Shop.CheckIn.GraphQL;

/// <summary>The programme in force as the storefront sees it, with today's reward for the caller.</summary>
public sealed record CheckInProgramView(ActiveProgram Active, TodayReward Today);

public sealed class CheckInProgramType : ObjectGraphType<CheckInProgramView>
{
    public CheckInProgramType()
    {
        Name = "CheckInProgram";
        Description = "The published check-in programme.";
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => c.Source.Active.Program.Title);
        Field<NonNullGraphType<StringGraphType>>("cycle").Description("rolling, weekly (resets Monday) or monthly (resets on the 1st).").Resolve(c => c.Source.Active.Program.Cycle);
        Field<NonNullGraphType<StringGraphType>>("timeZone").Resolve(c => c.Source.Active.Calendar.Zone.Id);
        Field<NonNullGraphType<LongGraphType>>("basePoints").Resolve(c => c.Source.Active.Program.BasePoints);
        Field<NonNullGraphType<LongGraphType>>("baseGrowth").Resolve(c => c.Source.Active.Program.BaseGrowth);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckInStreakRewardType>>>>("streakRewards")
            .Resolve(c => c.Source.Active.Program.StreakRewards.OrderBy(r => r.Day).ToList());
        Field<NonNullGraphType<IntGraphType>>("streakRepeatDays").Description("0: once per streak; N: the schedule repeats every N days.")
            .Resolve(c => c.Source.Active.Program.StreakRepeatDays);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckInCumulativeRewardType>>>>("cumulativeRewards")
            .Resolve(c => c.Source.Active.Program.CumulativeRewards.OrderBy(r => r.Count).ToList());
        Field<NonNullGraphType<CheckInMakeUpType>>("makeUp").Resolve(c => c.Source.Active.Program.MakeUp);
        Field<NonNullGraphType<CheckInTodayType>>("today").Description("Today's reward for the signed-in member; the base reward when anonymous.")
            .Resolve(c => c.Source.Today);
    }
}

public sealed class CheckInTodayType : ObjectGraphType<TodayReward>
{
    public CheckInTodayType()
    {
        Name = "CheckInToday";
        Field<NonNullGraphType<LocalDateGraphType>>("date").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<BooleanGraphType>>("checkedIn").Resolve(c => c.Source.CheckedIn);
        Field<NonNullGraphType<IntGraphType>>("streak").Description("The streak today's check-in makes (0 when anonymous).").Resolve(c => c.Source.Streak);
        Field<NonNullGraphType<LongGraphType>>("points").Resolve(c => c.Source.Points);
        Field<NonNullGraphType<LongGraphType>>("growth").Resolve(c => c.Source.Growth);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckInRewardType>>>>("rewards").Resolve(c => c.Source.Rewards);
    }
}

public sealed class CheckInStreakRewardType : ObjectGraphType<StreakReward>
{
    public CheckInStreakRewardType()
    {
        Name = "CheckInStreakReward";
        Field<NonNullGraphType<IntGraphType>>("day").Resolve(c => c.Source.Day);
        Field<NonNullGraphType<LongGraphType>>("points").Resolve(c => c.Source.Points);
        Field<NonNullGraphType<LongGraphType>>("growth").Resolve(c => c.Source.Growth);
    }
}

public sealed class CheckInCumulativeRewardType : ObjectGraphType<CumulativeReward>
{
    public CheckInCumulativeRewardType()
    {
        Name = "CheckInCumulativeReward";
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Count);
        Field<NonNullGraphType<LongGraphType>>("points").Resolve(c => c.Source.Points);
        Field<NonNullGraphType<LongGraphType>>("growth").Resolve(c => c.Source.Growth);
    }
}

public sealed class CheckInMakeUpType : ObjectGraphType<MakeUpRules>
{
    public CheckInMakeUpType()
    {
        Name = "CheckInMakeUp";
        Field<NonNullGraphType<BooleanGraphType>>("enabled").Resolve(c => c.Source.Enabled);
        Field<NonNullGraphType<IntGraphType>>("maxDaysBack").Resolve(c => c.Source.MaxDaysBack);
        Field<NonNullGraphType<IntGraphType>>("maxPerCycle").Resolve(c => c.Source.MaxPerCycle);
        Field<NonNullGraphType<LongGraphType>>("costPoints").Resolve(c => c.Source.CostPoints);
    }
}
