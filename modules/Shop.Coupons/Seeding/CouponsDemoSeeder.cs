using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.Models;
using Shop.Coupons.Services;
using Shop.Framework.Content;
using Shop.Framework.Seeding;

namespace Shop.Coupons.Seeding;

/// <summary>Claimable coupons of every kind, a welcome gift and a spend gift, published, so the claim centre and checkout quotes show something.</summary>
public sealed class CouponsDemoSeeder : IDemoSeeder
{
    private const string Author = "demo-seeder";

    public int Order => 40;

    public static IReadOnlyList<CouponTemplate> Templates { get; } =
    [
        Template("满199减30", new CouponRules { Kind = CouponKinds.ThresholdMinus, ThresholdFen = 199_00, DiscountFen = 30_00 }, 1000, 1, CouponChannels.Claim, CouponChannels.Push),
        Template("全场9折，最高减50", new CouponRules { Kind = CouponKinds.PercentOff, PercentOff = 10, MaxDiscountFen = 50_00, ThresholdFen = 100_00 }, 500, 1, CouponChannels.Claim, CouponChannels.Mall),
        Template("满99包邮", new CouponRules { Kind = CouponKinds.FreeShipping, ThresholdFen = 99_00, Stacking = new CouponStacking { WithOtherCoupons = true } }, 0, 3, CouponChannels.Claim),
        Template("5元无门槛", new CouponRules { Kind = CouponKinds.Cash, DiscountFen = 5_00, Stacking = new CouponStacking { WithOtherCoupons = true, ExclusiveGroup = "cash" } }, 2000, 2, CouponChannels.Claim, CouponChannels.Mall),
        Template("新人礼：满50减10", new CouponRules { Kind = CouponKinds.ThresholdMinus, ThresholdFen = 50_00, DiscountFen = 10_00 }, 0, 1, CouponChannels.Registration),
        Template("消费满300返20元券", new CouponRules { Kind = CouponKinds.ThresholdMinus, ThresholdFen = 200_00, DiscountFen = 20_00 }, 0, 0, CouponChannels.Spend, spendMinimumFen: 300_00),
    ];

    public async Task<bool> IsEmptyAsync(IServiceProvider services) =>
        (await services.GetRequiredService<ContentManager>().ListPublishedAsync(CouponTemplates.ContentType)).Count == 0;

    public async Task SeedAsync(IServiceProvider services, SeedOptions options, IProgress<SeedProgress> progress, CancellationToken cancellationToken)
    {
        var content = services.GetRequiredService<ContentManager>();
        var done = 0;
        foreach (var template in Templates)
        {
            await content.PublishNewAsync(CouponTemplates.ContentType, template, Author);
            progress.Report(new SeedProgress("coupon templates", ++done, Templates.Count));
        }
    }

    private static CouponTemplate Template(string title, CouponRules rules, long total, int perMember, string channel, string? second = null, long spendMinimumFen = 0) => new()
    {
        Title = title,
        Rules = rules,
        Validity = new CouponValidity { Mode = ValidityModes.Relative, Days = 30 },
        TotalQuantity = total,
        PerMemberLimit = perMember,
        Channels = second is null ? [channel] : [channel, second],
        SpendGiftMinimumFen = spendMinimumFen,
    };
}
