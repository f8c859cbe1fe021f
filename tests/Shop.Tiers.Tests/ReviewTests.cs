using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shop.Points.Services;
using Shop.Testing;
using Shop.Tiers.Services;

namespace Shop.Tiers.Tests;

/// <summary>
/// The periodic review and the birthday benefit, driven by a fake clock. Each test has its own
/// host, since the clock and the programme are the host's.
/// </summary>
public class ReviewTests
{
    // 2026-01-10 10:00 in Asia/Shanghai.
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 2, 0, 0, TimeSpan.Zero);

    private sealed class Host : IDisposable
    {
        public FakeTimeProvider Clock { get; } = new(Start);
        public ShopAppFactory App { get; }

        public Host() => App = new ShopAppFactory().WithServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
        });

        public async Task LadderAsync(string mode)
        {
            await TierApi.PublishTierAsync(App, 1, "普通会员", 0);
            await TierApi.PublishTierAsync(App, 2, "白银会员", 500, birthday: 50);
            await TierApi.PublishTierAsync(App, 3, "黄金会员", 2000, birthday: 200);
            await TierApi.PublishTierAsync(App, 4, "铂金会员", 5000);
            await TierApi.PublishProgramAsync(App, "monthly", 1, mode);
        }

        public Task<TierReviewRun> ReviewAsync() =>
            TierApi.InScopeAsync(App, s => s.GetRequiredService<TierReviewService>().ReviewDueAsync());

        public async Task<(long Growth, int Level)> TierAsync(string memberId)
        {
            var view = await TierApi.InScopeAsync(App, s => s.GetRequiredService<TierQueries>().ViewAsync(memberId));
            return (view.GrowthValue, view.Level);
        }

        /// <summary>Pays a fresh order of one line worth <paramref name="amountFen"/> for the member; returns its id.</summary>
        public async Task<string> PayAsync(string memberId, long amountFen)
        {
            var orderId = $"o-{Guid.NewGuid():N}";
            var paid = await App.AdminAsync("mutation($i: OrderInput!) { orderPaid(input: $i) { errors { code message } } }", new
            {
                i = new
                {
                    orderId, memberId, pointsUsed = 0, shippingFeeFen = 0,
                    lines = new[] { new { lineId = "a", sku = "SKU-A", categoryIds = Array.Empty<string>(), quantity = 2, amountFen } },
                },
            });
            Assert.True(paid.Errors is null, paid.ToString());
            Assert.Empty(paid.Data!["orderPaid"]!["errors"]!.AsArray());
            return orderId;
        }

        /// <summary>Refunds one unit of the order's line "a" worth <paramref name="amountFen"/>.</summary>
        public async Task RefundAsync(string orderId, string refundId, long amountFen)
        {
            var refunded = await App.AdminAsync("mutation($i: OrderRefundInput!) { orderRefunded(input: $i) { errors { code message } } }",
                new { i = new { orderId, refundId, lines = new[] { new { lineId = "a", quantity = 1, amountFen } } } });
            Assert.True(refunded.Errors is null, refunded.ToString());
            Assert.Empty(refunded.Data!["orderRefunded"]!["errors"]!.AsArray());
        }

        public void Dispose() => App.Dispose();
    }

    [Fact]
    public async Task Review_keeps_levels_earned_in_the_window_and_drops_one_level_otherwise_once_per_period()
    {
        using var host = new Host();
        await host.LadderAsync("oneLevel");
        var idle = await TierApi.CreateMemberAsync(host.App, "不活跃");
        var slipping = await TierApi.CreateMemberAsync(host.App, "下滑");
        var active = await TierApi.CreateMemberAsync(host.App, "活跃");
        await TierApi.AdjustAsync(host.App, idle, 2500, "a1");
        await TierApi.AdjustAsync(host.App, slipping, 5500, "b1");
        await TierApi.AdjustAsync(host.App, active, 2500, "c1");
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 15, 4, 0, 0, TimeSpan.Zero));
        await TierApi.AdjustAsync(host.App, slipping, 600, "b2");
        await TierApi.AdjustAsync(host.App, active, 2000, "c2");

        // 2026-02-28 23:59 in Shanghai: the level gained on 10 January is held until the period starting 1 March.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 28, 15, 59, 0, TimeSpan.Zero));
        var early = await host.ReviewAsync();
        // 2026-03-01 00:30 in Shanghai (still 28 February in UTC).
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 28, 16, 30, 0, TimeSpan.Zero));
        var run = await host.ReviewAsync();
        var rerun = await host.ReviewAsync();

        Assert.Equal(new TierReviewRun(0, 0, 0), early);
        Assert.Equal(new TierReviewRun(3, 1, 2), run);
        Assert.Equal(new TierReviewRun(0, 0, 0), rerun);
        // Growth from before the window expires with the downgrade, so the next order cannot bounce the level back.
        Assert.Equal((0L, 2), await host.TierAsync(idle));
        Assert.Equal((600L, 3), await host.TierAsync(slipping));
        Assert.Equal((4500L, 3), await host.TierAsync(active));
        var log = (await TierApi.ChangesAsync(host.App, idle)).Select(e => (e!["node"]!["fromLevel"]!.GetValue<int>(), e["node"]!["toLevel"]!.GetValue<int>(), e["node"]!["reason"]!.GetValue<string>()));
        Assert.Equal([(3, 2, "review_downgrade"), (1, 3, "upgrade")], log);
        Assert.Single(await TierApi.ChangesAsync(host.App, active));

        await TierApi.AdjustAsync(host.App, slipping, 100, "b3");
        Assert.Equal((700L, 3), await host.TierAsync(slipping));
        Assert.Equal(2, await TierApi.ScalarAsync(host.App, "SELECT COUNT(*) FROM outbox_messages WHERE event_name = 'tier.changed' AND payload LIKE '%review_downgrade%'"));

        // 2026-04-01 00:00 in Shanghai, exactly: the March window holds the 100; the 5500 the first
        // review expired (its entry dated 1 March, inside this window) is not expired a second time.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 31, 16, 0, 0, TimeSpan.Zero));
        await host.ReviewAsync();
        Assert.Equal((100L, 2), await host.TierAsync(slipping));
    }

    [Fact]
    public async Task A_refund_of_an_order_from_before_the_window_does_not_count_against_the_window()
    {
        using var host = new Host();
        await host.LadderAsync("oneLevel");
        var member = await TierApi.CreateMemberAsync(host.App);
        var orderId = await host.PayAsync(member, 250_000);
        // February: 2100 earned (level 3 needs 2000), and the January order refunded by 1000 yuan.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 5, 4, 0, 0, TimeSpan.Zero));
        await TierApi.AdjustAsync(host.App, member, 2100, "feb");
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 20, 4, 0, 0, TimeSpan.Zero));
        await host.RefundAsync(orderId, $"{orderId}-r", 100_000);
        Assert.Equal((3600L, 3), await host.TierAsync(member));

        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 1, 1, 0, 0, TimeSpan.Zero));
        await host.ReviewAsync();

        Assert.Equal((3600L, 3), await host.TierAsync(member)); // February's 2100 keeps level 3; the refund belongs to January
    }

    [Fact]
    public async Task Refunding_an_order_whose_growth_expired_takes_nothing_back()
    {
        using var host = new Host();
        await host.LadderAsync("oneLevel");
        var member = await TierApi.CreateMemberAsync(host.App);
        var orderId = await host.PayAsync(member, 250_000);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 15, 4, 0, 0, TimeSpan.Zero));
        await TierApi.AdjustAsync(host.App, member, 600, "e2");
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 1, 1, 0, 0, TimeSpan.Zero));
        await host.ReviewAsync();
        Assert.Equal((600L, 2), await host.TierAsync(member));

        // 5 March: the January order is refunded in two parts; its 2500 expired with the review.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 5, 4, 0, 0, TimeSpan.Zero));
        foreach (var (refundId, fen) in new[] { ("r1", 100_000L), ("r2", 150_000L), ("r2", 150_000L) })
            await host.RefundAsync(orderId, $"{orderId}-{refundId}", fen);

        Assert.Equal((600L, 2), await host.TierAsync(member));
    }

    [Fact]
    public async Task In_to_supported_mode_a_failed_review_drops_to_the_level_the_window_supports()
    {
        using var host = new Host();
        await host.LadderAsync("toSupported");
        var member = await TierApi.CreateMemberAsync(host.App);
        await TierApi.AdjustAsync(host.App, member, 5500, "m1");
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 15, 4, 0, 0, TimeSpan.Zero));
        await TierApi.AdjustAsync(host.App, member, 600, "m2");

        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 1, 1, 0, 0, TimeSpan.Zero));
        var run = await host.ReviewAsync();

        Assert.Equal(new TierReviewRun(1, 0, 1), run);
        Assert.Equal((600L, 2), await host.TierAsync(member));
    }

    [Fact]
    public async Task Kept_levels_are_reviewed_again_next_period()
    {
        using var host = new Host();
        await host.LadderAsync("oneLevel");
        var member = await TierApi.CreateMemberAsync(host.App);
        await TierApi.AdjustAsync(host.App, member, 600, "k1");
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 20, 4, 0, 0, TimeSpan.Zero));
        await TierApi.AdjustAsync(host.App, member, 500, "k2");

        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 1, 1, 0, 0, TimeSpan.Zero));
        var march = await host.ReviewAsync();
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 31, 1, 0, 0, TimeSpan.Zero));
        var lateMarch = await host.ReviewAsync();
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 1, 0, 0, TimeSpan.Zero));
        var april = await host.ReviewAsync();

        Assert.Equal(new TierReviewRun(1, 1, 0), march);
        Assert.Equal(new TierReviewRun(0, 0, 0), lateMarch);
        Assert.Equal(new TierReviewRun(1, 0, 1), april); // nothing earned in March
        Assert.Equal(1, (await host.TierAsync(member)).Level);
    }

    [Fact]
    public async Task Birthday_points_come_from_the_current_tier_once_a_year_on_the_local_birthday()
    {
        using var host = new Host();
        await host.LadderAsync("oneLevel");
        var gold = await TierApi.CreateMemberAsync(host.App, "金", birthday: "1990-03-01");
        var silver = await TierApi.CreateMemberAsync(host.App, "银", birthday: "1992-03-01");
        var plain = await TierApi.CreateMemberAsync(host.App, "普", birthday: "1993-03-01");
        var otherDay = await TierApi.CreateMemberAsync(host.App, "异", birthday: "1990-03-02");
        await TierApi.AdjustAsync(host.App, gold, 2000, "g");
        await TierApi.AdjustAsync(host.App, silver, 500, "s");
        await TierApi.AdjustAsync(host.App, otherDay, 2000, "o");

        Task<int> GrantAsync() => TierApi.InScopeAsync(host.App, s => s.GetRequiredService<BirthdayPointsService>().GrantTodayAsync());
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 28, 15, 59, 0, TimeSpan.Zero)); // 23:59 on 28 February locally
        var eve = await GrantAsync();
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 28, 16, 1, 0, TimeSpan.Zero)); // 00:01 on 1 March locally
        var day = await GrantAsync();
        var again = await GrantAsync();

        Assert.Equal((0, 2, 0), (eve, day, again));
        Assert.Equal(200, await PointsLedgerApi.TotalAsync(host.App, gold, "tier.birthday"));
        Assert.Equal(50, await PointsLedgerApi.TotalAsync(host.App, silver, "tier.birthday"));
        Assert.Equal(0, await PointsLedgerApi.TotalAsync(host.App, plain, "tier.birthday")); // the entry level gives no birthday points
        Assert.Equal(0, await PointsLedgerApi.TotalAsync(host.App, otherDay, "tier.birthday"));
        Assert.Equal(["2026"], (await PointsLedgerApi.EntriesAsync(host.App, gold, "tier.birthday")).Select(e => e.SourceId));
    }
}
