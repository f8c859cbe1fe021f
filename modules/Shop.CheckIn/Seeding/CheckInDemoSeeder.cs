using Microsoft.Extensions.DependencyInjection;
using Shop.CheckIn.Models;
using Shop.CheckIn.Services;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Framework.Seeding;

namespace Shop.CheckIn.Seeding;

/// <summary>A published programme, so check-in works on a fresh database.</summary>
public sealed class CheckInDemoSeeder : IDemoSeeder
{
    public int Order => 30;

    public static CheckInProgram DemoProgram() => new()
    {
        Title = "每日签到",
        BasePoints = 5,
        BaseGrowth = 1,
        StreakRewards = [new() { Day = 3, Points = 10 }, new() { Day = 7, Points = 30, Growth = 5 }],
        CumulativeRewards = [new() { Count = 7, Points = 20 }, new() { Count = 15, Points = 50 }, new() { Count = 28, Points = 100, Growth = 10 }],
        Cycle = CheckInCycles.Monthly,
        MakeUp = new MakeUpRules { Enabled = true, MaxDaysBack = 3, MaxPerCycle = 2, CostPoints = 20 },
    };

    public async Task<bool> IsEmptyAsync(IServiceProvider services)
    {
        var (_, total) = await services.GetRequiredService<ContentManager>()
            .ListAsync(CheckInPrograms.ContentType, null, null, new PageRequest(1, null));
        return total == 0;
    }

    public async Task SeedAsync(IServiceProvider services, SeedOptions options, IProgress<SeedProgress> progress, CancellationToken cancellationToken)
    {
        if (!await IsEmptyAsync(services)) return;
        var content = services.GetRequiredService<ContentManager>();
        await content.PublishNewAsync(CheckInPrograms.ContentType, DemoProgram(), "seed");
        progress.Report(new SeedProgress("check-in programme", 1, 1));
    }
}
