using Microsoft.Extensions.DependencyInjection;
using Shop.Points.Models;
using Shop.Points.Services;
using static Shop.Points.Tests.OrderApi;

namespace Shop.Points.Tests;

/// <summary>
/// A programme that never lets a balance go negative, gives a welcome bonus, earns at once (no
/// frozen days), caps daily earnings and rounds up.
/// </summary>
public sealed class CapAtZeroFixture : PointsFixtureBase
{
    protected override PointsProgram Program => new()
    {
        Name = "Cap at zero",
        PointsPerYuan = 2,
        Rounding = "ceil",
        FrozenDays = 0,
        ExpiryPolicy = "endOfMonth",
        Clawback = "capAtZero",
        RegistrationBonus = 50,
        DailyEarnCap = 300,
        DeductionStep = 100,
        DeductionPointsPerYuan = 100,
        DeductionMaxSharePercent = 50,
        DeductionMinimumBalance = 200,
    };
}

public class CapAtZeroTests(CapAtZeroFixture fixture) : IClassFixture<CapAtZeroFixture>
{
    private readonly CapAtZeroFixture _f = fixture;

    [Fact]
    public async Task A_refund_of_spent_points_stops_at_zero_and_records_the_shortfall()
    {
        var member = await _f.NewMemberAsync();
        Line[] lines = [new("a", "SKU-A", 5050)]; // 50.50 yuan × 2 = 101 points, ceil
        await _f.App.PayAsync(Input("cz-1", member, 0, lines, _f.Clock.GetUtcNow()));
        Assert.Equal((50 + 101, 0, 0), await _f.BalanceAsync(member)); // welcome bonus + order
        await _f.AdjustAsync(member, -131, "cz-spend"); // the bonus lot first (same expiry, older), then 81 of the order's

        (await _f.App.RefundAsync("cz-1", "cz-r1", ("a", 5050, 1))).AssertOk("orderRefunded");

        Assert.Equal((0, 0, 0), await _f.BalanceAsync(member));
        var history = await _f.App.AdminAsync("query($id: ID!) { member(id: $id) { points { history(first: 1) { edges { node { kind delta shortfall } } } } } }", new { id = member });
        var reverse = history.Data!["member"]!["points"]!["history"]!["edges"]![0]!["node"]!;
        Assert.Equal("reverse", reverse["kind"]!.GetValue<string>());
        Assert.Equal(-20, reverse["delta"]!.GetValue<long>());
        Assert.Equal(81, reverse["shortfall"]!.GetValue<long>());
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task The_daily_cap_limits_order_earnings_per_local_day()
    {
        var member = await _f.NewMemberAsync();
        await _f.App.PayAsync(Input("cap-1", member, 0, [new("a", "SKU-A", 10000)], _f.Clock.GetUtcNow())); // 200
        await _f.App.PayAsync(Input("cap-2", member, 0, [new("a", "SKU-A", 10000)], _f.Clock.GetUtcNow())); // 100 left under the cap
        var capped = await _f.BalanceAsync(member);
        _f.Clock.Advance(TimeSpan.FromDays(1));
        await _f.App.PayAsync(Input("cap-3", member, 0, [new("a", "SKU-A", 10000)], _f.Clock.GetUtcNow()));

        Assert.Equal(50 + 300, capped.Balance); // the welcome bonus is not an order earning
        Assert.Equal(50 + 500, (await _f.BalanceAsync(member)).Balance);
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task An_order_reported_late_counts_for_the_day_it_was_paid()
    {
        var member = await _f.NewMemberAsync();
        var now = _f.Clock.GetUtcNow();
        // Paid yesterday (a full 300-point day), reported only now: today's cap is untouched.
        await _f.App.PayAsync(Input("late-1", member, 0, [new("a", "SKU-A", 15000)], now.AddDays(-1))); // 300
        await _f.App.PayAsync(Input("late-2", member, 0, [new("a", "SKU-A", 5000)], now.AddDays(-1)));  // yesterday is full: 0
        await _f.App.PayAsync(Input("late-3", member, 0, [new("a", "SKU-A", 10000)], now));              // 200 today

        Assert.Equal(50 + 300 + 200, (await _f.BalanceAsync(member)).Balance);
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Points_need_the_minimum_balance_to_be_used()
    {
        var member = await _f.NewMemberAsync();
        await _f.AdjustAsync(member, 100, "min-grant"); // 150 with the welcome bonus, under the minimum of 200

        var response = await _f.App.PlaceAsync(Input("min-1", member, 100, [new("a", "SKU-A", 10000)]));

        Assert.Equal("POINTS_BELOW_MINIMUM", response.ErrorCode("orderPlaced"));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task A_new_member_gets_the_registration_bonus_once()
    {
        var token = await _f.App.LoginAsync("13900002001");
        await _f.App.LoginAsync("13900002001");

        var response = await _f.App.StorefrontAsync("{ me { id points { balance history(first: 5) { totalCount edges { node { kind sourceType ruleVersionId } } } } } }", token: token);

        var points = response.Data?["me"]?["points"] ?? throw new InvalidOperationException(response.ToString());
        Assert.Equal(50, points["balance"]!.GetValue<long>());
        Assert.Equal(1, points["history"]!["totalCount"]!.GetValue<int>());
        Assert.Equal("registration", points["history"]!["edges"]![0]!["node"]!["sourceType"]!.GetValue<string>());
        await _f.AssertBooksBalanceAsync(response.Data["me"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_programme_is_validated_field_by_field()
    {
        var response = await _f.CreateProgramAsync(new PointsProgram { Name = "Bad", Rounding = "up", Clawback = "never", DeductionMaxSharePercent = 150 });

        var fields = response.Data!["pointsProgramCreate"]!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("rounding", fields);
        Assert.Contains("clawback", fields);
        Assert.Contains("deductionMaxSharePercent", fields);
    }

    [Fact]
    public async Task The_whole_books_check_passes_after_every_scenario_in_this_class()
    {
        await _f.InScopeAsync(sp => sp.GetRequiredService<PointsMaintenance>().ExpireDueAsync());
        await _f.AssertBooksBalanceAsync();
    }
}
