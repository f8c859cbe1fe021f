using Shop.CheckIn.Models;
using Shop.CheckIn.Seeding;

namespace Shop.CheckIn.Tests;

public class ProgramValidatorTests
{
    private static IEnumerable<string> Errors(Action<CheckInProgram> change)
    {
        var program = CheckInDemoSeeder.DemoProgram();
        change(program);
        return new CheckInProgramValidator().Validate(program).Errors.Select(e => e.PropertyName);
    }

    [Fact]
    public void The_demo_programme_is_valid() => Assert.Empty(Errors(_ => { }));

    [Theory]
    [InlineData("TimeZone")]
    [InlineData("Cycle")]
    [InlineData("BasePoints")]
    [InlineData("StreakRewards[0].Day")]
    [InlineData("StreakRewards")]
    [InlineData("CumulativeRewards[2]")]
    [InlineData("MakeUp.MaxDaysBack")]
    [InlineData("StreakRepeatDays")]
    [InlineData("BaseGrowth")]
    [InlineData("CumulativeRewards[0].Points")]
    public void Invalid_settings_are_reported_on_their_field(string property)
    {
        Action<CheckInProgram> change = property switch
        {
            "TimeZone" => p => p.TimeZone = "Mars/Olympus_Mons",
            "Cycle" => p => p.Cycle = "fortnightly",
            "BasePoints" => p => p.BasePoints = -1,
            "StreakRewards[0].Day" => p => p.StreakRewards[0].Day = 0,
            "StreakRewards" => p => p.StreakRewards[1].Day = p.StreakRewards[0].Day,
            "CumulativeRewards[2]" => p => p.Cycle = CheckInCycles.Weekly, // 15th and 28th cannot happen in a week
            "MakeUp.MaxDaysBack" => p => p.MakeUp.MaxDaysBack = 0,
            "StreakRepeatDays" => p => p.StreakRepeatDays = 5, // shorter than the day-7 reward
            // Past AmountLimits: a few such check-ins would overflow a balance.
            "BaseGrowth" => p => p.BaseGrowth = Shop.Framework.AmountLimits.MaxPoints + 1,
            "CumulativeRewards[0].Points" => p => p.CumulativeRewards[0].Points = long.MaxValue,
            _ => throw new ArgumentOutOfRangeException(nameof(property)),
        };
        Assert.Contains(property, Errors(change));
    }

    [Fact]
    public void Make_up_settings_are_free_while_make_up_is_off() =>
        Assert.Empty(Errors(p => p.MakeUp = new MakeUpRules { Enabled = false }));
}
