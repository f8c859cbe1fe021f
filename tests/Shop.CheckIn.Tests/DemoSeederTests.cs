using Microsoft.Extensions.DependencyInjection;
using Shop.CheckIn.Seeding;
using Shop.Framework.Seeding;

namespace Shop.CheckIn.Tests;

public class DemoSeederTests
{
    [Fact]
    public async Task The_seeder_publishes_the_demo_programme_once()
    {
        using var app = new CheckInApp();
        _ = app.App.Server;
        var seeder = app.App.Services.GetServices<IDemoSeeder>().OfType<CheckInDemoSeeder>().Single();

        foreach (var _ in new[] { 1, 2 })
        {
            using var scope = app.App.Services.CreateScope();
            if (await seeder.IsEmptyAsync(scope.ServiceProvider))
                await seeder.SeedAsync(scope.ServiceProvider, new SeedOptions(0), new Progress<SeedProgress>(), CancellationToken.None);
        }
        var program = await app.App.StorefrontAsync("{ checkInProgram { title basePoints cumulativeRewards { count } makeUp { enabled maxDaysBack maxPerCycle costPoints } } }");
        var items = await app.App.AdminAsync("{ checkInPrograms { totalCount } }");

        var p = program.Data!["checkInProgram"]!;
        Assert.Equal("每日签到", p.Str("title"));
        Assert.Equal(5, p.Long("basePoints"));
        Assert.Equal([7, 15, 28], p["cumulativeRewards"]!.AsArray().Select(r => r!["count"]!.GetValue<int>()));
        Assert.Equal(20, p["makeUp"]!.Long("costPoints"));
        Assert.Equal(1, items.Data!["checkInPrograms"]!["totalCount"]!.GetValue<int>());
    }
}
