namespace Shop.CheckIn.Tests;

/// <summary>Check-in without a published programme, with make-up switched off, and programme validation over admin GraphQL.</summary>
public class ProgramTests
{
    [Fact]
    public async Task Without_a_published_programme_check_in_is_not_available()
    {
        using var app = new CheckInApp();
        var (token, _) = await app.MemberAsync("13920000001");
        await app.CreateProgramAsync(CheckInApp.DemoProgram()); // a draft does not apply

        var checkIn = await app.CheckInAsync(token, "n-1");
        var makeUp = await app.MakeUpAsync(token, "2026-11-22", "n-2");
        var program = await app.App.StorefrontAsync("{ checkInProgram { title } }");
        var status = await app.StatusAsync(token, "2026-11");

        Assert.Equal("NOT_AVAILABLE", checkIn.Code());
        Assert.Equal("NOT_AVAILABLE", makeUp.Code());
        Assert.Null(program.Data!["checkInProgram"]);
        Assert.DoesNotContain(status["calendar"]!.AsArray(), d => d!["canMakeUp"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_latest_published_programme_applies()
    {
        using var app = new CheckInApp();
        await app.PublishProgramAsync(CheckInApp.DemoProgram());
        await app.PublishProgramAsync(CheckInApp.DemoProgram(p =>
        {
            p["basePoints"] = 8;
            p["makeUp"]!["enabled"] = false;
        }));
        var (token, memberId) = await app.MemberAsync("13920000002");
        await app.CreditAsync(memberId, 100);

        var record = (await app.CheckInAsync(token, "l-1")).Record();
        var makeUp = await app.MakeUpAsync(token, "2026-11-22", "l-2");

        Assert.Equal(8, record.Long("pointsAwarded"));
        Assert.Equal("MAKEUP_DISABLED", makeUp.Code());
    }

    [Fact]
    public async Task Invalid_programmes_are_refused_with_field_paths()
    {
        using var app = new CheckInApp();
        var response = await app.CreateProgramAsync(CheckInApp.DemoProgram(p =>
        {
            p["timeZone"] = "Mars/Olympus_Mons";
            p["cycle"] = "weekly";
            p["streakRewards"]![0]!["day"] = 0;
        }));

        var fields = response.Data!["checkInProgramCreate"]!["errors"]!.AsArray().Select(e => e!.Str("field")).ToList();
        Assert.Null(response.Data["checkInProgramCreate"]!["item"]);
        Assert.Contains("timeZone", fields);
        Assert.Contains("streakRewards[0].day", fields);
        Assert.Contains("cumulativeRewards[1]", fields);
    }

    [Fact]
    public async Task A_programme_zone_decides_the_local_day()
    {
        using var app = new CheckInApp();
        await app.PublishProgramAsync(CheckInApp.DemoProgram(p => p["timeZone"] = "America/New_York"));
        var (token, _) = await app.MemberAsync("13920000003");
        app.SetNow(DateTimeOffset.Parse("2026-11-23T03:00:00Z")); // 22:00 on the 22nd in New York

        var record = (await app.CheckInAsync(token, "z-1")).Record();

        Assert.Equal("2026-11-22", record.Str("date"));
    }

    [Fact]
    public async Task A_weekly_cycle_resets_on_monday_and_make_ups_stay_in_the_week()
    {
        using var app = new CheckInApp();
        await app.PublishProgramAsync(CheckInApp.DemoProgram(p =>
        {
            p["cycle"] = "weekly";
            p["cumulativeRewards"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["count"] = 2, ["points"] = 40, ["growth"] = 0 });
        }));
        var (token, memberId) = await app.MemberAsync("13920000004");
        var points = new List<long>();
        foreach (var day in new[] { "2026-11-28", "2026-11-30", "2026-12-01" }) // Sat, Mon, Tue
        {
            app.SetDay(day);
            points.Add((await app.CheckInAsync(token, "w-" + day)).Record().Long("pointsAwarded"));
        }
        await app.CreditAsync(memberId, 100);
        var lastWeek = await app.MakeUpAsync(token, "2026-11-29", "w-mu");
        var status = await app.StatusAsync(token, "2026-12");

        // Monday starts a new week, so Tuesday is its 2nd check-in (+40).
        Assert.Equal([5, 5, 45], points);
        Assert.Equal(2, status.Long("cycleCount"));
        Assert.Equal(2, status.Long("streak"));
        Assert.Equal("MAKEUP_OUT_OF_RANGE", lastWeek.Code()); // Sunday is 2 days back but in last week's cycle
        Assert.Equal(100 + 55, await app.PointsAsync(token));
    }
}
