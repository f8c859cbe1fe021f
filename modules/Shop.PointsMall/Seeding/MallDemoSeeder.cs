using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Content;
using Shop.Framework.Seeding;
using Shop.PointsMall.Models;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.Seeding;

/// <summary>
/// One published reward of each kind with stock, so the mall has something to show: goods, a
/// virtual code (with its pool of codes) and, when a coupon template is published, a coupon.
/// </summary>
public sealed class MallDemoSeeder : IDemoSeeder
{
    private const string Author = "demo-seeder";
    private const string CouponTemplateType = "couponTemplate";
    private const int DemoCodes = 50;

    // After members, points, tiers and coupons (whose templates the coupon reward names).
    public int Order => 50;

    public static Reward Goods() => new()
    {
        Title = "品牌保温杯",
        Description = "316 不锈钢保温杯，500ml，包邮到家。",
        Kind = RewardKinds.Goods,
        PointsPrice = 800,
        InitialStock = 100,
        PerMemberLimit = 2,
        Category = "家居",
    };

    public static Reward Virtual() => new()
    {
        Title = "视频会员月卡兑换码",
        Description = "兑换后在“我的兑换”查看兑换码，30 天有效。",
        Kind = RewardKinds.Virtual,
        PointsPrice = 1_500,
        InitialStock = DemoCodes,
        PerMemberLimit = 1,
        Category = "数码",
    };

    public static Reward Coupon(string templateId, string templateTitle) => new()
    {
        Title = $"优惠券：{templateTitle}",
        Description = "兑换后立即发放到“我的优惠券”。",
        Kind = RewardKinds.Coupon,
        CouponTemplateId = templateId,
        PointsPrice = 200,
        InitialStock = 500,
        PerMemberDailyLimit = 1,
        PerMemberLimit = 5,
        Category = "优惠券",
    };

    public async Task<bool> IsEmptyAsync(IServiceProvider services)
    {
        var (_, total) = await services.GetRequiredService<ContentManager>().ListAsync(RewardCatalog.ContentType, null, null, new Shop.Framework.GraphQL.PageRequest(1, null));
        return total == 0;
    }

    public async Task SeedAsync(IServiceProvider services, SeedOptions options, IProgress<SeedProgress> progress, CancellationToken cancellationToken)
    {
        if (!await IsEmptyAsync(services)) return;
        var content = services.GetRequiredService<ContentManager>();
        var rewards = new List<Reward> { Goods(), Virtual() };
        var template = (await content.ListPublishedAsync(CouponTemplateType)).OrderBy(t => t.ItemId).FirstOrDefault();
        if (template is not null) rewards.Add(Coupon(template.ItemId, template.DisplayText));

        var done = 0;
        foreach (var reward in rewards)
        {
            var id = (await content.PublishNewAsync(RewardCatalog.ContentType, reward, Author)).ItemId;
            if (reward.Kind == RewardKinds.Virtual)
            {
                var random = new Random(options.RandomSeed);
                var codes = Enumerable.Range(0, DemoCodes).Select(_ => "DEMO-" + string.Concat(Enumerable.Range(0, 10).Select(_ => "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[random.Next(32)]))).ToList();
                var uploaded = await services.GetRequiredService<StockService>().UploadCodesAsync(id, codes);
                if (uploaded.Errors.Count > 0) throw new InvalidOperationException("Demo codes refused: " + uploaded.Errors[0].Message);
            }
            progress.Report(new SeedProgress("points mall rewards", ++done, rewards.Count));
        }
    }
}
