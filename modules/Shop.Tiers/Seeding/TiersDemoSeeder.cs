using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Content;
using Shop.Framework.Seeding;
using Shop.Tiers.Models;
using Shop.Tiers.Services;

namespace Shop.Tiers.Seeding;

/// <summary>A five-level ladder and a yearly review, published, so <c>tiers</c> and <c>me.tier</c> show something.</summary>
public sealed class TiersDemoSeeder : IDemoSeeder
{
    private const string Author = "demo-seeder";

    public static IReadOnlyList<Tier> Ladder { get; } =
    [
        Level(1, "普通会员", 0, 0, 100, false, 0, 0, "注册即享"),
        Level(2, "白银会员", 500, 2, 110, false, 100, 50, "累计成长值 500"),
        Level(3, "黄金会员", 2000, 5, 150, true, 300, 200, "累计成长值 2000，全场包邮"),
        Level(4, "铂金会员", 5000, 8, 180, true, 800, 500, "累计成长值 5000"),
        Level(5, "钻石会员", 10000, 12, 200, true, 2000, 1000, "累计成长值 10000，专属权益"),
    ];

    public int Order => 20;

    public async Task<bool> IsEmptyAsync(IServiceProvider services)
    {
        var content = services.GetRequiredService<ContentManager>();
        return (await content.ListPublishedAsync(TierCatalog.TierType)).Count == 0;
    }

    public async Task SeedAsync(IServiceProvider services, SeedOptions options, IProgress<SeedProgress> progress, CancellationToken cancellationToken)
    {
        var content = services.GetRequiredService<ContentManager>();
        if ((await content.ListPublishedAsync(TierCatalog.TierType)).Count == 0)
        {
            var done = 0;
            foreach (var tier in Ladder)
            {
                await content.PublishNewAsync(TierCatalog.TierType, tier, Author);
                progress.Report(new SeedProgress("tiers", ++done, Ladder.Count));
            }
        }
        if ((await content.ListPublishedAsync(TierCatalog.ProgramType)).Count == 0)
            await content.PublishNewAsync(TierCatalog.ProgramType,
                new TierProgram { ReviewPeriod = ReviewPeriods.Yearly, RetentionMonths = 12, DowngradeMode = DowngradeModes.OneLevel }, Author);
    }

    private static Tier Level(int level, string name, long threshold, int discount, int multiplier, bool freeShipping, long gift, long birthday, string description) =>
        new()
        {
            Level = level, Name = name, Threshold = threshold, Description = description,
            Benefits = new TierBenefits
            {
                DiscountPercent = discount, PointsMultiplierPercent = multiplier, FreeShipping = freeShipping,
                UpgradeGiftPoints = gift, BirthdayPoints = birthday,
            },
        };
}
