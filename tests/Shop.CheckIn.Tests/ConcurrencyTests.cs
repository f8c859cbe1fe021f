namespace Shop.CheckIn.Tests;

/// <summary>Real parallel HTTP requests against the real database.</summary>
public class ConcurrencyTests(CheckInFixture fixture) : IClassFixture<CheckInFixture>
{
    private readonly CheckInApp _app = fixture.App;
    private const int Taps = 50;

    [Fact]
    public async Task Fifty_simultaneous_check_ins_with_distinct_keys_give_one_record()
    {
        _app.SetDay("2026-11-16");
        var (token, _) = await _app.MemberAsync("13930000001");

        var results = await Task.WhenAll(Enumerable.Range(0, Taps).Select(i => _app.CheckInAsync(token, $"tap-{i}")));

        Assert.Single(results, r => r["errors"]!.AsArray().Count == 0);
        Assert.Equal(Taps - 1, results.Count(r => r["errors"]!.AsArray().Count == 1 && r.Code() == "ALREADY_CHECKED_IN"));
        var status = await _app.StatusAsync(token, "2026-11");
        Assert.Equal(1, status.Long("totalDays"));
        Assert.Single(status["calendar"]!.AsArray(), d => d!["checkedIn"]!.GetValue<bool>());
        Assert.Equal(5, await _app.PointsAsync(token));
    }

    [Fact]
    public async Task Fifty_simultaneous_replays_of_one_key_all_return_the_same_record()
    {
        _app.SetDay("2026-11-17");
        var (token, _) = await _app.MemberAsync("13930000002");

        var results = await Task.WhenAll(Enumerable.Range(0, Taps).Select(_ => _app.CheckInAsync(token, "same-key")));

        Assert.All(results, r => r.NoErrors());
        Assert.Single(results.Select(r => r.Record().Str("id")).Distinct());
        Assert.Equal(1, (await _app.StatusAsync(token, "2026-11")).Long("totalDays"));
        Assert.Equal(5, await _app.PointsAsync(token));
    }

    /// <summary>
    /// On PostgreSQL simultaneous check-ins of different members share transactions
    /// (DbSession.InSharedTransactionAsync): a member whose day is taken is answered inside one
    /// without undoing the others', and each member's day is counted once.
    /// </summary>
    [Fact]
    public async Task Simultaneous_check_ins_of_many_members_each_land_once_and_a_taken_day_undoes_no_other()
    {
        _app.SetDay("2026-11-18");
        var members = new List<(string Token, string MemberId)>();
        // One at a time: signing in sets the shared test clock back and forth.
        for (var i = 0; i < 24; i++) members.Add(await _app.MemberAsync($"139400{i:00000}"));
        foreach (var (token, _) in members.Take(8)) (await _app.CheckInAsync(token, "early")).NoErrors();

        var results = await Task.WhenAll(members.Select((m, i) => _app.CheckInAsync(m.Token, $"burst-{i}")));

        for (var i = 0; i < members.Count; i++)
        {
            if (i < 8) Assert.Equal("ALREADY_CHECKED_IN", results[i].Code());
            else results[i].NoErrors();
            Assert.Equal(1, (await _app.StatusAsync(members[i].Token, "2026-11")).Long("totalDays"));
            Assert.Equal(5, await _app.PointsAsync(members[i].Token));
        }
    }

    [Fact]
    public async Task Simultaneous_make_ups_never_exceed_the_allowance()
    {
        var (token, memberId) = await _app.MemberAsync("13930000003");
        await _app.CreditAsync(memberId, 1_000);
        _app.SetDay("2026-11-24");
        (await _app.CheckInAsync(token, "base")).NoErrors();

        var dates = new[] { "2026-11-21", "2026-11-22", "2026-11-23" };
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => _app.MakeUpAsync(token, dates[i % 3], $"mu-{i}")));

        Assert.Equal(2, results.Count(r => r["errors"]!.AsArray().Count == 0));
        Assert.All(results.Where(r => r["errors"]!.AsArray().Count > 0), r => Assert.Contains(r.Code(), new[] { "MAKEUP_LIMIT_REACHED", "ALREADY_CHECKED_IN" }));
        Assert.Equal(1_000 + 5 - 2 * 20 + 2 * 5, await _app.PointsAsync(token));
        var status = await _app.StatusAsync(token, "2026-11");
        Assert.Equal(3, status.Long("totalDays"));
        Assert.Equal(2, status.Long("makeUps"));
    }
}
