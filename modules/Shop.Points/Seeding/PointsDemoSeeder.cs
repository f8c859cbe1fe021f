using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Content;
using Shop.Framework.Seeding;
using Shop.Points.Models;
using Shop.Points.Services;

namespace Shop.Points.Seeding;

/// <summary>A published points programme, so a fresh install earns and spends points with sensible rules.</summary>
public sealed class PointsDemoSeeder : IDemoSeeder
{
    public int Order => 20;

    public async Task<bool> IsEmptyAsync(IServiceProvider services) =>
        (await services.GetRequiredService<ContentManager>().ListPublishedAsync(PointsProgramSource.ContentType)).Count == 0;

    public async Task SeedAsync(IServiceProvider services, SeedOptions options, IProgress<SeedProgress> progress, CancellationToken cancellationToken)
    {
        if (!await IsEmptyAsync(services)) return;
        var content = services.GetRequiredService<ContentManager>();
        var program = new PointsProgram
        {
            Name = "积分计划",
            PointsPerYuan = 1,
            Rounding = PointsRounding.Floor,
            MinimumOrderFen = 1_000,
            ExcludedCategoryIds = ["gift-cards"],
            CategoryMultipliers = [new CategoryMultiplier { CategoryId = "new-arrivals", Percent = 200 }],
            DailyEarnCap = 5_000,
            MonthlyEarnCap = 50_000,
            RegistrationBonus = 100,
            BirthdayBonus = 500,
            ExpiryPolicy = PointsExpiryPolicies.EndOfYear,
            FrozenDays = 7,
            DeductionPointsPerYuan = 100,
            DeductionStep = 100,
            DeductionMaxSharePercent = 50,
            DeductionMinimumBalance = 1_000,
            Clawback = PointsClawback.AllowNegative,
        };
        await content.PublishNewAsync(PointsProgramSource.ContentType, program, "demo-seeder");
        progress.Report(new SeedProgress("points programme", 1, 1));
    }
}
