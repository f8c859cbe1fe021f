using Microsoft.Extensions.DependencyInjection;
using Shop.Points.Services;
using Shop.Testing;

namespace Shop.Points.Tests;

/// <summary>Adjustments, history, expiry and concurrent spends, through admin and storefront GraphQL.</summary>
public class PointsLedgerTests(PointsFixture fixture) : IClassFixture<PointsFixture>
{
    private readonly PointsFixture _f = fixture;

    [Fact]
    public async Task Staff_adjust_with_a_reason_and_a_replay_returns_the_first_entry()
    {
        var member = await _f.NewMemberAsync();

        var granted = await _f.AdjustAsync(member, 500, "grant-1", "Goodwill");
        var replay = await _f.AdjustAsync(member, 500, "grant-1", "Goodwill");
        var taken = await _f.AdjustAsync(member, -200, "take-1", "Correction");
        var overdraw = await _f.AdjustAsync(member, -301, "take-2", "Too much");
        var noReason = await _f.AdjustAsync(member, 10, "grant-2", " ");

        var first = granted.Data!["pointsAdjust"]!;
        Assert.Equal("adjust", first["entry"]!["kind"]!.GetValue<string>());
        Assert.Equal(500, first["balance"]!.GetValue<long>());
        Assert.Equal(first["entry"]!["id"]!.GetValue<string>(), replay.Data!["pointsAdjust"]!["entry"]!["id"]!.GetValue<string>());
        Assert.Equal(-200, taken.Data!["pointsAdjust"]!["entry"]!["delta"]!.GetValue<long>());
        Assert.Equal("INSUFFICIENT_POINTS", overdraw.Data!["pointsAdjust"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("reason", noReason.Data!["pointsAdjust"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal((300, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Theory]
    [InlineData(long.MinValue)] // Math.Abs of it overflows: it was an unhandled OVERFLOW error with a stack trace
    [InlineData(long.MaxValue)]
    [InlineData(0)]
    public async Task Adjusting_by_an_amount_out_of_bounds_is_a_validation_error(long points)
    {
        var member = await _f.NewMemberAsync();

        var response = await _f.AdjustAsync(member, points, $"bounds-{points}");

        Assert.True(response.ErrorCode("pointsAdjust") == "VALIDATION", response.ToString());
        Assert.Equal("points", response.Data!["pointsAdjust"]!["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_staff_email_longer_than_the_entry_source_column_still_adjusts()
    {
        var member = await _f.NewMemberAsync();
        var email = new string('a', 160) + "@example.com"; // staff emails may have 200 characters; an entry's source holds 120

        var result = await _f.InScopeAsync(sp => sp.GetRequiredService<PointsAdjustment>().AdjustAsync(member, 10, "goodwill", "long-actor", email));

        Assert.Empty(result.Errors);
        Assert.Equal(10, result.Balance!.Balance);
    }

    [Fact]
    public async Task Adjusting_an_unknown_member_is_not_found()
    {
        var response = await _f.AdjustAsync("mbr_nobody", 10, "k");
        Assert.Equal("NOT_FOUND", response.Data!["pointsAdjust"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task History_is_newest_first_and_pages_by_cursor()
    {
        var member = await _f.NewMemberAsync();
        for (var i = 1; i <= 5; i++)
        {
            await _f.AdjustAsync(member, i * 10, $"h-{i}", $"step {i}");
            _f.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        const string page = "query($id: ID!, $after: String) { member(id: $id) { points { history(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { delta reason kind multiplierPercent createdAt } } } } } }";

        var one = await _f.App.AdminAsync(page, new { id = member });
        var history = one.Data!["member"]!["points"]!["history"]!;
        var two = await _f.App.AdminAsync(page, new { id = member, after = history["pageInfo"]!["endCursor"]!.GetValue<string>() });
        var three = await _f.App.AdminAsync(page, new { id = member, after = two.Data!["member"]!["points"]!["history"]!["pageInfo"]!["endCursor"]!.GetValue<string>() });

        Assert.Equal(5, history["totalCount"]!.GetValue<int>());
        Assert.Equal([50L, 40L], Deltas(one));
        Assert.Equal([30L, 20L], Deltas(two));
        Assert.Equal([10L], Deltas(three));
        Assert.False(three.Data!["member"]!["points"]!["history"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(100, history["edges"]![0]!["node"]!["multiplierPercent"]!.GetValue<int>());

        static long[] Deltas(GraphQLResponse r) =>
            r.Data!["member"]!["points"]!["history"]!["edges"]!.AsArray().Select(e => e!["node"]!["delta"]!.GetValue<long>()).ToArray();
    }

    [Fact]
    public async Task A_member_sees_their_own_points_and_expiring_lots_on_the_storefront()
    {
        var token = await _f.App.LoginAsync("13900001001");
        var me = await _f.App.StorefrontAsync("{ me { id } }", token: token);
        var member = me.Data!["me"]!["id"]!.GetValue<string>();
        await _f.AdjustAsync(member, 120, "sf-1");

        var response = await _f.App.StorefrontAsync(
            "{ me { points { balance pending soon: expiring(days: 31) { points state expiresAt } later: expiring(days: 29) { points } history(first: 5) { edges { node { kind delta } } } } } }", token: token);

        var points = response.Data!["me"]!["points"]!;
        Assert.Equal(120, points["balance"]!.GetValue<long>());
        Assert.Equal(120, points["soon"]![0]!["points"]!.GetValue<long>());
        Assert.Equal("active", points["soon"]![0]!["state"]!.GetValue<string>());
        Assert.Empty(points["later"]!.AsArray()); // 30-day lots are not due within 29 days
        Assert.Equal("adjust", points["history"]!["edges"]![0]!["node"]!["kind"]!.GetValue<string>());
    }

    /// <summary>A new member with a lot of 100 points and, ten days later, another (the programme's 30-day expiry).</summary>
    private async Task<string> MemberWithTwoLotsTenDaysApartAsync(string keyPrefix)
    {
        var member = await _f.NewMemberAsync();
        await _f.AdjustAsync(member, 100, $"{keyPrefix}-old");
        _f.Clock.Advance(TimeSpan.FromDays(10));
        await _f.AdjustAsync(member, 100, $"{keyPrefix}-new");
        return member;
    }

    [Fact]
    public async Task Due_lots_expire_earliest_first_and_spends_draw_the_earliest_expiry()
    {
        var member = await MemberWithTwoLotsTenDaysApartAsync("exp");
        await _f.AdjustAsync(member, -30, "exp-spend"); // drawn from the older lot

        _f.Clock.Advance(TimeSpan.FromDays(21)); // the first lot is past its 30 days, the second is not
        var expired = await _f.InScopeAsync(sp => sp.GetRequiredService<PointsMaintenance>().ExpireDueAsync());
        var again = await _f.InScopeAsync(sp => sp.GetRequiredService<PointsMaintenance>().ExpireDueAsync());

        Assert.True(expired >= 1);
        Assert.Equal(0, again);
        Assert.Equal((100, 0, 0), await _f.BalanceAsync(member));
        var history = await _f.App.AdminAsync("query($id: ID!) { member(id: $id) { points { history(first: 1) { edges { node { kind delta } } } } } }", new { id = member });
        Assert.Equal("expire", history.Data!["member"]!["points"]!["history"]!["edges"]![0]!["node"]!["kind"]!.GetValue<string>());
        Assert.Equal(-70, history.Data["member"]!["points"]!["history"]!["edges"]![0]!["node"]!["delta"]!.GetValue<long>());
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task A_spend_expires_due_lots_the_task_has_not_reached_and_never_draws_on_them()
    {
        var member = await MemberWithTwoLotsTenDaysApartAsync("due");
        _f.Clock.Advance(TimeSpan.FromDays(21)); // the first lot is past its 30 days; no expiry task has run

        var tooMuch = await _f.AdjustAsync(member, -150, "due-spend-1", "more than is alive");
        var fits = await _f.AdjustAsync(member, -60, "due-spend-2", "from the live lot");

        Assert.Equal("INSUFFICIENT_POINTS", tooMuch.ErrorCode("pointsAdjust"));
        Assert.Equal(-60, fits.Data!["pointsAdjust"]!["entry"]!["delta"]!.GetValue<long>());
        Assert.Equal((40, 0, 0), await _f.BalanceAsync(member));
        var history = await _f.App.AdminAsync("query($id: ID!) { member(id: $id) { points { history(first: 2) { edges { node { kind delta } } } } } }", new { id = member });
        var kinds = history.Data!["member"]!["points"]!["history"]!["edges"]!.AsArray().Select(e => (e!["node"]!["kind"]!.GetValue<string>(), e["node"]!["delta"]!.GetValue<long>()));
        Assert.Equal([("adjust", -60L), ("expire", -100L)], kinds);
        await _f.InScopeAsync(sp => sp.GetRequiredService<PointsMaintenance>().ExpireDueAsync()); // nothing of this member's is left for it
        Assert.Equal((40, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Two_hundred_parallel_spends_of_one_point_against_one_hundred_succeed_exactly_one_hundred_times()
    {
        var member = await _f.NewMemberAsync();
        await _f.AdjustAsync(member, 60, "race-grant-a");
        await _f.AdjustAsync(member, 40, "race-grant-b"); // two lots, so draws cross lots

        var client = _f.App.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => _f.AdjustAsync(member, -1, $"race-{i}", "race", client)));
        var replay = await _f.AdjustAsync(member, -1, "race-0", "race", client);

        var ok = responses.Count(r => r.Data?["pointsAdjust"]?["errors"]?.AsArray().Count == 0);
        var insufficient = responses.Count(r => r.ErrorCode("pointsAdjust") == "INSUFFICIENT_POINTS");
        Assert.Equal(100, ok);
        Assert.Equal(100, insufficient);
        Assert.Equal((0, 0, 0), await _f.BalanceAsync(member));
        var first = responses[0].Data!["pointsAdjust"]!;
        Assert.Equal(first["entry"]?["id"]?.GetValue<string>(), replay.Data!["pointsAdjust"]!["entry"]?["id"]?.GetValue<string>());
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Parallel_replays_of_one_key_apply_once()
    {
        var member = await _f.NewMemberAsync();
        await _f.AdjustAsync(member, 50, "dup-grant");
        var client = _f.App.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _f.AdjustAsync(member, -5, "dup-spend", "dup", client)));

        Assert.All(responses, r => Assert.True(r.Data?["pointsAdjust"]?["entry"] is not null, r.ToString()));
        Assert.Single(responses.Select(r => r.Data!["pointsAdjust"]!["entry"]!["id"]!.GetValue<string>()).Distinct());
        Assert.Equal((45, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Other_modules_spend_and_return_through_the_ledger_contract()
    {
        var member = await _f.NewMemberAsync();
        await _f.InScopeAsync(sp => sp.GetRequiredService<IPointsLedger>().GrantAsync(new PointsGrant(member, 300, "checkin", "c1", "checkin:c1")));
        var spend = await _f.InScopeAsync(sp => sp.GetRequiredService<IPointsLedger>().SpendAsync(new PointsCharge(member, 250, "mall.redemption", "r1", "mall:r1")));
        var back = await _f.InScopeAsync(sp => sp.GetRequiredService<IPointsLedger>().ReturnSpendAsync(member, "mall:r1", "mall:r1:return", "Redemption cancelled"));
        var twice = await _f.InScopeAsync(sp => sp.GetRequiredService<IPointsLedger>().ReturnSpendAsync(member, "mall:r1", "mall:r1:return-2", "Again"));
        var missing = await _f.InScopeAsync(sp => sp.GetRequiredService<IPointsLedger>().ReturnSpendAsync(member, "mall:none", "x", "No such spend"));

        Assert.True(spend.Succeeded);
        Assert.Equal(250, back.Entry!.Delta);
        Assert.Equal("CONFLICT", twice.Errors[0].Code);
        Assert.Equal("NOT_FOUND", missing.Errors[0].Code);
        Assert.Equal((300, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Birthday_bonus_is_granted_on_the_local_day_once_a_year()
    {
        // 2026-11-23T02:00Z is 23 November in Shanghai.
        var today = _f.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        var member = await _f.NewMemberAsync(birthday: $"1990-{today:MM-dd}");
        var other = await _f.NewMemberAsync(birthday: $"1990-{today.AddDays(1):MM-dd}");

        await _f.InScopeAsync(sp => sp.GetRequiredService<PointsMaintenance>().GrantBirthdayBonusesAsync());
        await _f.InScopeAsync(sp => sp.GetRequiredService<PointsMaintenance>().GrantBirthdayBonusesAsync());

        Assert.Equal(88, (await _f.BalanceAsync(member)).Balance);
        Assert.Equal(0, (await _f.BalanceAsync(other)).Balance);
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Anonymous_storefront_callers_have_no_points_to_see()
    {
        var anonymous = await _f.App.StorefrontAsync("{ me { points { balance } } }");
        Assert.Null(anonymous.Data!["me"]);
    }
}
