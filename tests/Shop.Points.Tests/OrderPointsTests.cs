using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Points.Services;
using static Shop.Points.Tests.OrderApi;

namespace Shop.Points.Tests;

/// <summary>Checkout deduction, earning and refund reversal through the orders intake's admin mutations.</summary>
public class OrderPointsTests(PointsFixture fixture) : IClassFixture<PointsFixture>
{
    private readonly PointsFixture _f = fixture;

    [Fact]
    public async Task Placing_with_points_reserves_them_and_cancelling_releases_them_to_the_same_lots()
    {
        var member = await _f.NewMemberAsync();
        await _f.AdjustAsync(member, 500, "cancel-grant");

        var placed = await _f.App.PlaceAsync(Input("o-cancel", member, 300, [new("l1", "SKU1", 10000)]));
        var held = await _f.BalanceAsync(member);
        var cancelled = await _f.App.CancelAsync("o-cancel");
        var again = await _f.App.CancelAsync("o-cancel");

        placed.AssertOk("orderPlaced");
        cancelled.AssertOk("orderCancelled");
        Assert.Equal((200, 0, 300), held);
        Assert.Equal((500, 0, 0), await _f.BalanceAsync(member));
        var lots = await _f.App.AdminAsync("query($id: ID!) { member(id: $id) { points { expiring(days: 60) { points original } } } }", new { id = member });
        var lot = Assert.Single(lots.Data!["member"]!["points"]!["expiring"]!.AsArray());
        Assert.Equal(500, lot!["points"]!.GetValue<long>());
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task An_order_id_with_stray_spaces_names_the_same_order_when_cancelled()
    {
        var member = await _f.NewMemberAsync();
        await _f.AdjustAsync(member, 500, "trim-cancel-grant");

        (await _f.App.PlaceAsync(Input("A1 ", member, 300, [new("l1", "SKU1", 10000)]))).AssertOk("orderPlaced");
        var cancelled = await _f.App.CancelAsync("A1 ");

        cancelled.AssertOk("orderCancelled");
        Assert.Equal("cancelled", cancelled.Data!["orderCancelled"]!["order"]!["status"]!.GetValue<string>());
        Assert.Equal((500, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Order_and_refund_ids_with_stray_spaces_name_the_same_order_and_refund_when_refunded()
    {
        var member = await _f.NewMemberAsync();
        Line[] lines = [new("l1", "SKU1", 10000)];
        (await _f.App.PayAsync(Input(" A2", member, 0, lines, _f.Clock.GetUtcNow()))).AssertOk("orderPaid");

        var refunded = await _f.App.RefundAsync("A2 ", " R2 ", ("l1", 5000, 1));
        var replay = await _f.App.RefundAsync("A2", "R2", ("l1", 5000, 1));

        refunded.AssertOk("orderRefunded");
        replay.AssertOk("orderRefunded");
        Assert.Equal("R2", refunded.Data!["orderRefunded"]!["refund"]!["id"]!.GetValue<string>());
        Assert.Equal((0, 50, 0), await _f.BalanceAsync(member)); // 100 earned, half reversed once
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task A_refund_recorded_untrimmed_by_the_previous_release_replays_when_retried()
    {
        var member = await _f.NewMemberAsync();
        Line[] lines = [new("l1", "SKU1", 10000)];
        (await _f.App.PayAsync(Input("A3", member, 0, lines, _f.Clock.GetUtcNow()))).AssertOk("orderPaid");
        (await _f.App.RefundAsync("A3", "R3", ("l1", 5000, 1))).AssertOk("orderRefunded");
        await _f.InScopeAsync(async sp => // as the previous release stored it: the id as sent
            await sp.GetRequiredService<Shop.Framework.Data.DbSession>().ExecuteAsync("UPDATE order_refunds SET refund_id = 'R3 ' WHERE refund_id = 'R3'") == 1);
        var before = await _f.BalanceAsync(member);

        var retried = await _f.App.RefundAsync("A3", "R3 ", ("l1", 5000, 1));

        retried.AssertOk("orderRefunded");
        Assert.Equal("R3 ", retried.Data!["orderRefunded"]!["refund"]!["id"]!.GetValue<string>());
        Assert.Equal(before, await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Theory]
    [InlineData(250, 10000, 1000, "POINTS_STEP")]
    [InlineData(10100, 10000, 20000, "POINTS_SHARE_EXCEEDED")]
    [InlineData(600, 10000, 500, "INSUFFICIENT_POINTS")]
    public async Task Checkout_rules_refuse_the_order_with_a_typed_error(long points, long cashFen, long balance, string code)
    {
        var member = await _f.NewMemberAsync();
        await _f.AdjustAsync(member, balance, "rules-grant");
        var orderId = $"o-rules-{code}";

        var response = await _f.App.PlaceAsync(Input(orderId, member, points, [new("l1", "SKU1", cashFen)]));

        Assert.Equal(code, response.ErrorCode("orderPlaced"));
        Assert.Equal((balance, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Paying_captures_the_reservation_and_earns_pending_points_with_rule_version_and_multiplier()
    {
        var member = await _f.NewMemberAsync();
        _f.Tiers.Gold.Add(member);
        await _f.AdjustAsync(member, 1000, "pay-grant");
        Line[] lines = [new("l1", "SKU1", 10000), new("l2", "SKU2", 5000, 1, "double"), new("l3", "GIFT", 3000)];

        await _f.App.PlaceAsync(Input("o-pay", member, 1000, lines));
        var paid = await _f.App.PayAsync(Input("o-pay", member, 1000, lines, _f.Clock.GetUtcNow()));

        paid.AssertOk("orderPaid");
        // 100 yuan ×1.5 = 150, 50 yuan ×2 ×1.5 = 150, the gift earns nothing.
        Assert.Equal((0, 300, 0), await _f.BalanceAsync(member));
        var history = await _f.App.AdminAsync("query($id: ID!) { member(id: $id) { points { history(first: 1) { edges { node { kind delta pendingDelta ruleVersionId multiplierPercent reason } } } } } }", new { id = member });
        var earn = history.Data!["member"]!["points"]!["history"]!["edges"]![0]!["node"]!;
        Assert.Equal("earn", earn["kind"]!.GetValue<string>());
        Assert.Equal(300, earn["pendingDelta"]!.GetValue<long>());
        Assert.Equal(150, earn["multiplierPercent"]!.GetValue<int>());
        Assert.StartsWith("cv_", earn["ruleVersionId"]!.GetValue<string>());
        Assert.Contains("Gold", earn["reason"]!.GetValue<string>());

        _f.Clock.Advance(TimeSpan.FromDays(7));
        await _f.InScopeAsync(sp => sp.GetRequiredService<PointsMaintenance>().ActivateDueAsync());
        Assert.Equal((300, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Partial_then_full_refunds_reverse_exactly_what_the_lines_earned_and_return_the_points_they_used()
    {
        var member = await _f.NewMemberAsync();
        await _f.AdjustAsync(member, 900, "refund-grant");
        Line[] lines = [new("a", "SKU-A", 7001, 3), new("b", "SKU-B", 2999, 1)];
        await _f.App.PlaceAsync(Input("o-refund", member, 900, lines));
        await _f.App.PayAsync(Input("o-refund", member, 900, lines, _f.Clock.GetUtcNow()));
        // Used 900 split 630/270 by cash; earned floor(70.01)=70 and floor(29.99)=29, pending.
        Assert.Equal((0, 99, 0), await _f.BalanceAsync(member));

        (await _f.App.RefundAsync("o-refund", "r1", ("a", 2334, 1))).AssertOk("orderRefunded");
        var afterFirst = await _f.BalanceAsync(member);
        (await _f.App.RefundAsync("o-refund", "r1", ("a", 2334, 1))).AssertOk("orderRefunded"); // replay changes nothing
        (await _f.App.RefundAsync("o-refund", "r2", ("a", 2333, 1))).AssertOk("orderRefunded");
        (await _f.App.RefundAsync("o-refund", "r3", ("a", 2334, 1), ("b", 2999, 1))).AssertOk("orderRefunded");

        // r1: a third of line a: 23 of its 70 earned reversed, 210 of its 630 used returned.
        Assert.Equal((210, 70 - 23 + 29, 0), afterFirst);
        // Everything refunded: every earned point reversed, every used point back.
        Assert.Equal((900, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task A_refund_after_the_earned_points_were_spent_takes_the_balance_negative_and_later_points_pay_the_debt()
    {
        var member = await _f.NewMemberAsync();
        Line[] lines = [new("a", "SKU-A", 20000)];
        await _f.App.PayAsync(Input("o-claw", member, 0, lines, _f.Clock.GetUtcNow()));
        _f.Clock.Advance(TimeSpan.FromDays(8));
        await _f.InScopeAsync(sp => sp.GetRequiredService<PointsMaintenance>().ActivateDueAsync());
        await _f.AdjustAsync(member, -150, "claw-spend"); // 200 earned, 150 spent

        (await _f.App.RefundAsync("o-claw", "claw-r1", ("a", 20000, 1))).AssertOk("orderRefunded");
        Assert.Equal((-150, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);

        await _f.AdjustAsync(member, 100, "claw-pay-1");
        Assert.Equal((-50, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
        await _f.AdjustAsync(member, 80, "claw-pay-2");
        Assert.Equal((30, 0, 0), await _f.BalanceAsync(member));
        Assert.Equal("INSUFFICIENT_POINTS", (await _f.AdjustAsync(member, -31, "claw-spend-2")).ErrorCode("pointsAdjust"));
        await _f.AssertBooksBalanceAsync(member);
    }

    /// <summary>
    /// A grant under a fresh key (a check-in's: no replay check, its writes queued) pays a debt first
    /// as every grant does: its lot holds only what the debt leaves, and a draw records what it took.
    /// </summary>
    [Fact]
    public async Task A_fresh_keyed_grant_pays_a_debt_first_and_puts_only_the_rest_in_its_lot()
    {
        var member = await _f.NewMemberAsync();
        await _f.App.PayAsync(Input("o-fresh-debt", member, 0, [new("a", "SKU-A", 20000)], _f.Clock.GetUtcNow()));
        _f.Clock.Advance(TimeSpan.FromDays(8));
        await _f.InScopeAsync(sp => sp.GetRequiredService<PointsMaintenance>().ActivateDueAsync());
        await _f.AdjustAsync(member, -150, "fresh-debt-spend");
        (await _f.App.RefundAsync("o-fresh-debt", "fresh-debt-r1", ("a", 20000, 1))).AssertOk("orderRefunded");
        Assert.Equal((-150, 0, 0), await _f.BalanceAsync(member));

        async Task<(long Original, long Remaining, long Drawn)> GrantAsync(long points, string source) =>
            await _f.InScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<Shop.Framework.Data.DbSession>();
                var entry = await db.InTransactionAsync(async () => (await sp.GetRequiredService<IPointsLedger>().GrantAsync(
                    new PointsGrant(member, points, "test", source, $"fresh:{source}", "fresh grant", FreshKey: true))).Entry!);
                return await db.QuerySingleOrDefaultAsync<(long, long, long)>(
                    "SELECT l.original, l.remaining, CAST(COALESCE((SELECT SUM(d.amount) FROM points_lot_draws d WHERE d.lot_id = l.id), 0) AS BIGINT) " +
                    "FROM points_lots l WHERE l.entry_id = @id", new { id = entry.Id });
            });

        Assert.Equal((100, 0, -100), await GrantAsync(100, "g1"));
        Assert.Equal((-50, 0, 0), await _f.BalanceAsync(member));
        Assert.Equal((80, 30, -50), await GrantAsync(80, "g2"));
        Assert.Equal((30, 0, 0), await _f.BalanceAsync(member));
        Assert.Equal((40, 40, 0), await GrantAsync(40, "g3"));
        Assert.Equal((70, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    /// <summary>
    /// A fresh key is the caller's word that nothing used it, so its grant checks no count: a key taken
    /// anyway is refused by the unique index in the database, and nothing of the grant stays (not the
    /// credit queued before the entry, nor the lot after it).
    /// </summary>
    [Fact]
    public async Task A_fresh_keyed_grant_whose_key_was_taken_fails_in_the_database_and_leaves_nothing()
    {
        var member = await _f.NewMemberAsync();
        Task<PointsResult> GrantAsync(bool fresh) => _f.InScopeAsync(sp => sp.GetRequiredService<IPointsLedger>().GrantAsync(
            new PointsGrant(member, 30, "test", "taken", "fresh:taken", "fresh grant", FreshKey: fresh)));
        Task<long> CountAsync(string table) => _f.InScopeAsync(sp => sp.GetRequiredService<DbSession>()
            .ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE member_id = @member", new { member }));

        Assert.True((await GrantAsync(fresh: false)).Succeeded);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => GrantAsync(fresh: true));

        Assert.True(refused.IsUniqueViolation() || refused.InnerException?.IsUniqueViolation() == true, refused.ToString());
        Assert.Equal((30, 0, 0), await _f.BalanceAsync(member));
        Assert.Equal((1L, 1L), (await CountAsync("points_entries"), await CountAsync("points_lots")));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Two_hundred_parallel_orders_using_points_against_a_balance_for_one_hundred_place_exactly_one_hundred()
    {
        var member = await _f.NewMemberAsync();
        await _f.AdjustAsync(member, 10_000, "orders-race-grant");
        var client = _f.App.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            _f.App.PlaceAsync(Input($"o-race-{i}", member, 100, [new("l1", "SKU1", 1000)]), client)));

        Assert.Equal(100, responses.Count(r => r.Data?["orderPlaced"]?["errors"]?.AsArray().Count == 0));
        Assert.Equal(100, responses.Count(r => r.ErrorCode("orderPlaced") == "INSUFFICIENT_POINTS"));
        Assert.Equal((0, 0, 10_000), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }
}
