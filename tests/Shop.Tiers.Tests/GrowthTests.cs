using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Framework.Events;
using Shop.Members.Events;
using Shop.Members.Models;
using Shop.Points.Services;
using Shop.Testing;
using Shop.Tiers.Services;

namespace Shop.Tiers.Tests;

public sealed class GrowthFixture : IAsyncLifetime
{
    public ShopAppFactory App { get; } = new();

    public async Task InitializeAsync()
    {
        await TierApi.PublishTierAsync(App, 1, "普通会员", 0);
        await TierApi.PublishTierAsync(App, 2, "白银会员", 500, gift: 100, multiplier: 110);
        await TierApi.PublishTierAsync(App, 3, "黄金会员", 2000, gift: 300, multiplier: 150, discount: 5);
        await TierApi.PublishTierAsync(App, 4, "铂金会员", 5000, gift: 800, multiplier: 180);
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Growth value moves by idempotent entries; reaching a threshold upgrades at once.</summary>
public class GrowthTests(GrowthFixture fixture) : IClassFixture<GrowthFixture>
{
    private readonly ShopAppFactory _app = fixture.App;

    private const string MeTier =
        "{ me { id tier { level name growthValue growthToNextLevel benefits { discountPercent pointsMultiplierPercent freeShipping upgradeGiftPoints birthdayPoints } nextLevel { level name threshold } } } }";

    [Fact]
    public async Task Growth_adjust_upgrades_at_once_and_the_member_sees_the_tier()
    {
        var token = await _app.LoginAsync("13800030001");
        var before = await _app.StorefrontAsync(MeTier, token: token);
        var memberId = before.Data!["me"]!["id"]!.GetValue<string>();

        var adjusted = await TierApi.AdjustAsync(_app, memberId, 2100, "g-1", "客服补偿");
        var after = await _app.StorefrontAsync(MeTier, token: token);

        Assert.Equal(1, before.Data["me"]!["tier"]!["level"]!.GetValue<int>());
        Assert.Equal(0, before.Data["me"]!["tier"]!["growthValue"]!.GetValue<long>());
        Assert.Empty(adjusted["errors"]!.AsArray());
        Assert.Equal(3, adjusted["level"]!.GetValue<int>());
        var tier = after.Data!["me"]!["tier"]!;
        Assert.Equal(3, tier["level"]!.GetValue<int>());
        Assert.Equal("黄金会员", tier["name"]!.GetValue<string>());
        Assert.Equal(2100, tier["growthValue"]!.GetValue<long>());
        Assert.Equal(5, tier["benefits"]!["discountPercent"]!.GetValue<int>());
        Assert.Equal(150, tier["benefits"]!["pointsMultiplierPercent"]!.GetValue<int>());
        Assert.Equal(4, tier["nextLevel"]!["level"]!.GetValue<int>());
        Assert.Equal(5000, tier["nextLevel"]!["threshold"]!.GetValue<long>());
        Assert.Equal(2900, tier["growthToNextLevel"]!.GetValue<long>());
        var changes = await TierApi.ChangesAsync(_app, memberId);
        var change = Assert.Single(changes)!["node"]!;
        Assert.Equal((1, 3, "upgrade"), (change["fromLevel"]!.GetValue<int>(), change["toLevel"]!.GetValue<int>(), change["reason"]!.GetValue<string>()));
        Assert.Equal("客服补偿", change["note"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_000_000_001L)]
    [InlineData(-1_000_000_001L)]
    public async Task An_adjustment_of_nothing_or_past_the_amount_limit_is_refused(long growth)
    {
        var memberId = await TierApi.CreateMemberAsync(_app, "越界");

        var refused = await TierApi.AdjustAsync(_app, memberId, growth, $"limit-{growth}");

        Assert.Equal("VALIDATION", refused["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("growth", refused["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Empty(await TierApi.ChangesAsync(_app, memberId));
    }

    [Fact]
    public async Task Admin_members_show_their_tiers_in_one_batch()
    {
        var gold = await TierApi.CreateMemberAsync(_app, "批量金");
        var fresh = await TierApi.CreateMemberAsync(_app, "批量新");
        await TierApi.AdjustAsync(_app, gold, 2000, "batch-gold");

        var response = await _app.AdminAsync("query($n: String!) { members(filter: {name: $n}, first: 10) { edges { node { id tier { level name growthValue nextLevel { level } } } } } }", new { n = "批量" });

        var tiers = response.Data!["members"]!["edges"]!.AsArray().ToDictionary(e => e!["node"]!["id"]!.GetValue<string>(), e => e!["node"]!["tier"]!);
        Assert.Equal((3, "黄金会员", 2000L), (tiers[gold]["level"]!.GetValue<int>(), tiers[gold]["name"]!.GetValue<string>(), tiers[gold]["growthValue"]!.GetValue<long>()));
        Assert.Equal((1, 0L, 2), (tiers[fresh]["level"]!.GetValue<int>(), tiers[fresh]["growthValue"]!.GetValue<long>(), tiers[fresh]["nextLevel"]!["level"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Staff_set_levels_by_hand_and_the_log_says_admin()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        const string Set = "mutation($i: TierSetInput!) { tierSet(input: $i) { tier { level growthValue } errors { code field } } }";

        var up = await _app.AdminAsync(Set, new { i = new { memberId, level = 4, reason = "大客户" } });
        var same = await _app.AdminAsync(Set, new { i = new { memberId, level = 4, reason = "重复" } });
        var missing = await _app.AdminAsync(Set, new { i = new { memberId, level = 9, reason = "x" } });
        var down = await _app.AdminAsync(Set, new { i = new { memberId, level = 2, reason = "纠正" } });

        Assert.Equal((4, 0L), (up.Data!["tierSet"]!["tier"]!["level"]!.GetValue<int>(), up.Data["tierSet"]!["tier"]!["growthValue"]!.GetValue<long>()));
        Assert.Empty(same.Data!["tierSet"]!["errors"]!.AsArray());
        Assert.Equal("level", missing.Data!["tierSet"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(2, down.Data!["tierSet"]!["tier"]!["level"]!.GetValue<int>());
        var log = (await TierApi.ChangesAsync(_app, memberId)).Select(e => (e!["node"]!["fromLevel"]!.GetValue<int>(), e["node"]!["toLevel"]!.GetValue<int>(), e["node"]!["reason"]!.GetValue<string>()));
        Assert.Equal([(4, 2, "admin"), (1, 4, "admin")], log);
        Assert.Equal(100 + 300 + 800, await PointsLedgerApi.TotalAsync(_app, memberId, "tier.upgrade"));
    }

    [Fact]
    public async Task Jumping_levels_gives_the_gift_of_every_level_reached_once()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);

        await TierApi.AdjustAsync(_app, memberId, 2500, "jump");
        await TierApi.AdjustAsync(_app, memberId, -2500, "down");
        var again = await TierApi.AdjustAsync(_app, memberId, 2500, "up-again");

        // 1 → 3 passes level 2 and reaches 3: both gifts, each once, naming the tier version that gave it.
        var gifts = await PointsLedgerApi.EntriesAsync(_app, memberId, "tier.upgrade");
        Assert.Equal(100 + 300, gifts.Sum(g => g.Delta));
        Assert.Equal(["level-2", "level-3"], gifts.Select(g => g.SourceId).Order());
        Assert.All(gifts, g => Assert.StartsWith("cv_", g.RuleVersionId));
        Assert.Equal(3, again["level"]!.GetValue<int>());
        Assert.Single(await TierApi.ChangesAsync(_app, memberId));
    }

    [Fact]
    public async Task A_replay_returns_the_first_result_and_changes_nothing()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);

        var first = await TierApi.AdjustAsync(_app, memberId, 700, "same-key");
        var replay = await TierApi.AdjustAsync(_app, memberId, 5000, "same-key");

        Assert.Equal((700L, 2), (first["growthValue"]!.GetValue<long>(), first["level"]!.GetValue<int>()));
        Assert.Equal((700L, 2), (replay["growthValue"]!.GetValue<long>(), replay["level"]!.GetValue<int>()));
        Assert.Equal(700, replay["tier"]!["growthValue"]!.GetValue<long>());
        Assert.Equal(1, await TierApi.ScalarAsync(_app, "SELECT COUNT(*) FROM growth_entries WHERE member_id = @memberId", new { memberId }));
    }

    [Fact]
    public async Task A_replayed_deduction_the_member_could_no_longer_afford_returns_the_first_result()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        await TierApi.AdjustAsync(_app, memberId, 300, "add");

        var first = await TierApi.AdjustAsync(_app, memberId, -200, "deduct");
        var replay = await TierApi.AdjustAsync(_app, memberId, -200, "deduct");

        Assert.Equal(100L, first["growthValue"]!.GetValue<long>());
        Assert.Equal(100L, replay["growthValue"]!.GetValue<long>());
        Assert.Empty(replay["errors"]!.AsArray());
        Assert.Equal(100, replay["tier"]!["growthValue"]!.GetValue<long>());
        Assert.Equal(2, await TierApi.ScalarAsync(_app, "SELECT COUNT(*) FROM growth_entries WHERE member_id = @memberId", new { memberId }));
    }

    [Fact]
    public async Task Deductions_never_go_below_zero_nor_lower_the_level()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        await TierApi.AdjustAsync(_app, memberId, 600, "add");

        var tooMuch = await TierApi.AdjustAsync(_app, memberId, -601, "too-much");
        var all = await TierApi.AdjustAsync(_app, memberId, -600, "all");
        var retried = await TierApi.AdjustAsync(_app, memberId, -601, "too-much");

        Assert.Equal("INSUFFICIENT_GROWTH", tooMuch["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Null(tooMuch["growthValue"]);
        Assert.Equal((0L, 2), (all["growthValue"]!.GetValue<long>(), all["level"]!.GetValue<int>()));
        Assert.Equal("INSUFFICIENT_GROWTH", retried["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_adjustments_are_typed_errors()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);

        var unknown = await TierApi.AdjustAsync(_app, "mbr_missing", 10, "x1");
        var zero = await TierApi.AdjustAsync(_app, memberId, 0, "x2");
        var noReason = await TierApi.AdjustAsync(_app, memberId, 10, "x3", reason: " ");

        Assert.Equal(("NOT_FOUND", "memberId"), (unknown["errors"]![0]!["code"]!.GetValue<string>(), unknown["errors"]![0]!["field"]!.GetValue<string>()));
        Assert.Equal(("VALIDATION", "growth"), (zero["errors"]![0]!["code"]!.GetValue<string>(), zero["errors"]![0]!["field"]!.GetValue<string>()));
        Assert.Equal(("VALIDATION", "reason"), (noReason["errors"]![0]!["code"]!.GetValue<string>(), noReason["errors"]![0]!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Upgrades_raise_tier_changed_in_the_outbox()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);

        await TierApi.AdjustAsync(_app, memberId, 5000, "to-4");

        Assert.Equal(1, await TierApi.ScalarAsync(_app,
            "SELECT COUNT(*) FROM outbox_messages WHERE event_name = 'tier.changed' AND payload LIKE @p", new { p = $"%{memberId}%\"toLevel\":4%" }));
    }

    [Fact]
    public async Task A_staff_downgrade_holds_until_growth_crosses_a_threshold_again()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        await TierApi.AdjustAsync(_app, memberId, 2500, "sd1");
        var down = await _app.AdminAsync("mutation($i: TierSetInput!) { tierSet(input: $i) { errors { code } } }",
            new { i = new { memberId, level = 2, reason = "纠正" } });
        Assert.Empty(down.Data!["tierSet"]!["errors"]!.AsArray());

        await TierApi.AdjustAsync(_app, memberId, 1, "sd2");
        var held = await GrowthAsync(memberId);
        await TierApi.AdjustAsync(_app, memberId, 2499, "sd3");
        var crossed = await GrowthAsync(memberId);

        Assert.Equal((2501L, 2), held); // 2500 already supported level 3 when staff chose 2
        Assert.Equal((5000L, 4), crossed); // reaching 5000 is a new threshold
    }

    [Fact]
    public async Task Growth_earned_before_the_tiers_were_published_reaches_its_level_on_the_next_grant()
    {
        using var app = new ShopAppFactory();
        var memberId = await TierApi.CreateMemberAsync(app);
        await TierApi.AdjustAsync(app, memberId, 3000, "early");
        await TierApi.PublishTierAsync(app, 1, "普通会员", 0);
        await TierApi.PublishTierAsync(app, 2, "白银会员", 500);
        await TierApi.PublishTierAsync(app, 3, "黄金会员", 2000);

        await TierApi.AdjustAsync(app, memberId, 1, "next");

        var view = await TierApi.InScopeAsync(app, s => s.GetRequiredService<TierQueries>().ViewAsync(memberId));
        Assert.Equal((3001L, 3), (view.GrowthValue, view.Level));
    }

    /// <summary>
    /// A fresh key is the caller's word that nothing used it, so its entry goes unchecked with the
    /// next statement or the commit: a key taken anyway is refused by the unique index in the
    /// database, and the growth it added is undone with it.
    /// </summary>
    [Fact]
    public async Task A_fresh_keyed_grant_whose_key_was_taken_fails_in_the_database_and_moves_no_growth()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        Task<GrowthResult> GrantAsync(bool fresh) => TierApi.InScopeAsync(_app, s => s.GetRequiredService<IGrowthLedger>().AddAsync(
            new GrowthGrant(memberId, 40, "test", "taken", "fresh:taken", "fresh grant", FreshKey: fresh)));

        Assert.Empty((await GrantAsync(fresh: false)).Errors);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => GrantAsync(fresh: true));

        Assert.True(refused.IsUniqueViolation() || refused.InnerException?.IsUniqueViolation() == true, refused.ToString());
        Assert.Equal(40, await TierApi.ScalarAsync(_app, "SELECT growth_value FROM tier_members WHERE member_id = @memberId", new { memberId }));
        Assert.Equal(1, await TierApi.ScalarAsync(_app, "SELECT COUNT(*) FROM growth_entries WHERE member_id = @memberId", new { memberId }));
    }

    [Fact]
    public async Task Staff_need_Tiers_View_to_read_a_members_tier()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        const string Query = "query($id: ID!) { member(id: $id) { id tier { level growthValue } } }";

        var membersOnly = await _app.AdminAsync(Query, new { id = memberId }, await StaffKeys.WithAsync(_app, "tiers-members-only", "Members.View"));
        var tiersToo = await _app.AdminAsync(Query, new { id = memberId }, await StaffKeys.WithAsync(_app, "tiers-viewer", "Members.View", "Tiers.View"));

        Assert.Equal("ACCESS_DENIED", membersOnly.FirstErrorCode);
        Assert.True(tiersToo.Errors is null, tiersToo.ToString());
        Assert.Equal(1, tiersToo.Data!["member"]!["tier"]!["level"]!.GetValue<int>());
    }

    [Fact]
    public async Task Staff_who_may_see_tiers_read_the_tier_definitions_but_cannot_edit_them()
    {
        var viewer = await StaffKeys.WithAsync(_app, "tier-definitions-viewer", "Tiers.View");

        var list = await _app.AdminAsync("{ tiers { totalCount edges { node { id } } } }", auth: viewer);
        var create = await _app.AdminAsync("mutation { tierCreate(input: {level: 9, name: \"黑钻\", threshold: 999999}) { errors { code } } }", auth: viewer);
        var programme = await _app.AdminAsync("{ tierPrograms { totalCount } }", auth: viewer);

        Assert.True(list.Status == 200 && list.Errors is null, list.ToString());
        Assert.True(list.Data!["tiers"]!["totalCount"]!.GetValue<int>() > 0);
        Assert.Equal(403, create.Status);
        Assert.Equal(403, programme.Status);
    }

    private const string Paid = "mutation($i: OrderInput!) { orderPaid(input: $i) { order { id } errors { code message } } }";
    private const string Refunded = "mutation($i: OrderRefundInput!) { orderRefunded(input: $i) { refund { id } errors { code message } } }";

    [Fact]
    public async Task A_paid_order_earns_growth_and_its_refunds_take_it_back_exactly_without_lowering_the_level()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        var orderId = $"o-{Guid.NewGuid():N}";
        var order = new
        {
            orderId, memberId, pointsUsed = 0, shippingFeeFen = 1_000,
            lines = new object[]
            {
                new { lineId = "a", sku = "SKU-A", categoryIds = Array.Empty<string>(), quantity = 2, amountFen = 200_099 },
                new { lineId = "b", sku = "SKU-B", categoryIds = Array.Empty<string>(), quantity = 1, amountFen = 100_000 },
            },
        };
        object Refund(string refundId, params (string Line, long Fen)[] lines) =>
            new { i = new { orderId, refundId, lines = lines.Select(l => new { lineId = l.Line, quantity = 1, amountFen = l.Fen }).ToArray() } };

        await OkAsync(await _app.AdminAsync(Paid, new { i = order }), "orderPaid");
        await OkAsync(await _app.AdminAsync(Paid, new { i = order }), "orderPaid");
        var afterPaid = await GrowthAsync(memberId);
        await OkAsync(await _app.AdminAsync(Refunded, Refund($"{orderId}-r1", ("a", 100_000))), "orderRefunded");
        var afterFirst = await GrowthAsync(memberId);
        await OkAsync(await _app.AdminAsync(Refunded, Refund($"{orderId}-r1", ("a", 100_000))), "orderRefunded");
        await OkAsync(await _app.AdminAsync(Refunded, Refund($"{orderId}-r2", ("a", 100_099), ("b", 100_000))), "orderRefunded");
        var afterAll = await GrowthAsync(memberId);

        Assert.Equal((3000L, 3), afterPaid); // 3000.99 yuan of goods, shipping excluded
        Assert.Equal((2001L, 3), afterFirst); // 100000 / 300099 of 3000 = 999.67, rounded down: 999 taken back
        Assert.Equal((0L, 3), afterAll); // everything back, the level stays until a review
        Assert.Equal(3, await TierApi.ScalarAsync(_app, "SELECT COUNT(*) FROM growth_entries WHERE member_id = @memberId", new { memberId }));
    }

    /// <summary>Handlers run at least once: a redelivered event changes nothing.</summary>
    [Fact]
    public async Task Redelivered_order_events_change_nothing()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        var (order, refund) = OrderWithRefund(memberId);

        for (var i = 0; i < 2; i++)
        {
            await DeliverPaidAsync(order);
            await DeliverRefundedAsync(order, refund);
        }

        Assert.Equal((600L, 2), await GrowthAsync(memberId));
    }

    /// <summary>A paid 800-yuan order of the member and a 200-yuan refund of it.</summary>
    private static (Order Order, OrderRefund Refund) OrderWithRefund(string memberId, long? paidAt = null)
    {
        var order = new Order
        {
            OrderId = "ord-" + Guid.NewGuid().ToString("N"), MemberId = memberId, Status = OrderStatuses.Paid, PlacedAt = paidAt ?? 0, PaidAt = paidAt,
            Lines = [new OrderLine("a", "SKU-A", [], 1, 80_000)],
        };
        return (order, new OrderRefund { RefundId = "r-" + order.OrderId, OrderId = order.OrderId, MemberId = memberId, Lines = [new RefundLine("a", 1, 20_000)] });
    }

    /// <summary>The growth handlers' deliveries, as the outbox makes them: each in its own scope.</summary>
    private Task<bool> DeliverPaidAsync(Order order) => TierApi.InScopeAsync(_app, async s =>
    {
        await s.GetRequiredService<OrderPaidGrowthHandler>().HandleAsync(new OrderPaid(order), new EventContext("evt_p", "order.paid", 0), default);
        return true;
    });

    private Task<bool> DeliverRefundedAsync(Order order, OrderRefund refund) => TierApi.InScopeAsync(_app, async s =>
    {
        await s.GetRequiredService<OrderRefundedGrowthHandler>().HandleAsync(new OrderRefunded(order, refund, new Dictionary<string, long>()),
            new EventContext("evt_r", "order.refunded", 0), default);
        return true;
    });

    [Fact]
    public async Task A_refund_handled_before_the_orders_growth_waits_for_it_and_both_end_as_if_in_order()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        var (order, refund) = OrderWithRefund(memberId);
        Task<bool> Paid() => DeliverPaidAsync(order);
        Task<bool> Refunded() => DeliverRefundedAsync(order, refund);

        var early = await Record.ExceptionAsync(Refunded);
        var untouched = await GrowthAsync(memberId);
        await Paid();
        await Refunded(); // the outbox's retry
        await Paid(); // at least once: either may run again
        await Refunded();

        Assert.IsType<OrderNotEarnedYetException>(early);
        Assert.Equal(0L, untouched.Growth);
        Assert.Equal((600L, 2), await GrowthAsync(memberId));
    }

    [Fact]
    public async Task A_refund_of_an_order_paid_long_before_the_tiers_module_goes_ahead_with_nothing_to_reverse()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        var (order, refund) = OrderWithRefund(memberId, paidAt: DateTimeOffset.UtcNow.AddDays(-8).ToUnixTimeMilliseconds());

        var handled = await Record.ExceptionAsync(() => DeliverRefundedAsync(order, refund));

        Assert.Null(handled);
        Assert.Equal(0L, (await GrowthAsync(memberId)).Growth);
    }

    private static Task OkAsync(GraphQLResponse response, string field)
    {
        Assert.True(response.Errors is null, response.ToString());
        Assert.Empty(response.Data![field]!["errors"]!.AsArray());
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_points_multiplier_is_the_one_of_the_level_held_at_the_instant()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1;
        await TierApi.AdjustAsync(_app, memberId, 2000, "gold");
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var then = await MultiplierAsync(memberId, before);
        var now = await MultiplierAsync(memberId, after);

        Assert.Equal(PointsMultiplier.None, then);
        Assert.Equal(new PointsMultiplier(150, "黄金会员 ×1.5"), now);
    }

    private Task<PointsMultiplier> MultiplierAsync(string memberId, long at) =>
        TierApi.InScopeAsync(_app, s => s.GetRequiredService<IPointsMultiplierSource>().MultiplierAtAsync(memberId, at));

    private async Task<(long Growth, int Level)> GrowthAsync(string memberId)
    {
        var view = await TierApi.InScopeAsync(_app, s => s.GetRequiredService<TierQueries>().ViewAsync(memberId));
        return (view.GrowthValue, view.Level);
    }
}
