using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Shop.Testing;

namespace Shop.CheckIn.Tests;

/// <summary>The programme page and the member-page panel, over HTTP with the bootstrap API key.</summary>
public partial class AdminPageTests
{
    private static HttpClient Client(CheckInApp app)
    {
        var client = app.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ShopAppFactory.ApiKey);
        return client;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync("/admin/checkin");
        var dashboard = await client.GetStringAsync("/admin");
        fields["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value;
        return await client.PostAsync($"/admin/checkin?handler={handler}", new FormUrlEncodedContent(fields));
    }

    private static Dictionary<string, string> Form(string timeZone) => new()
    {
        ["Input.Title"] = "Page programme",
        ["Input.BasePoints"] = "7",
        ["Input.BaseGrowth"] = "1",
        ["Input.StreakRewards"] = "3, 10, 0\n7, 30, 5",
        ["Input.StreakRepeatDays"] = "0",
        ["Input.CumulativeRewards"] = "7, 20",
        ["Input.Cycle"] = "weekly",
        ["Input.MakeUpEnabled"] = "true",
        ["Input.MakeUpMaxDaysBack"] = "2",
        ["Input.MakeUpMaxPerCycle"] = "1",
        ["Input.MakeUpCostPoints"] = "10",
        ["Input.TimeZone"] = timeZone,
    };

    [Fact]
    public async Task Staff_edit_and_publish_the_programme_and_see_validation_errors()
    {
        using var app = new CheckInApp();
        var client = Client(app);

        var empty = await client.GetAsync("/admin/checkin");
        var invalid = await PostFormAsync(client, "Publish", Form("Mars/Olympus_Mons"));
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        var before = await app.App.StorefrontAsync("{ checkInProgram { title } }");
        var published = await PostFormAsync(client, "Publish", Form("Asia/Shanghai"));
        var after = await app.App.StorefrontAsync("{ checkInProgram { title basePoints cycle streakRewards { day points growth } makeUp { maxDaysBack } } }");
        var page = await client.GetStringAsync("/admin/checkin");
        var dashboard = await client.GetStringAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("is not a known time zone", invalidHtml);
        Assert.Null(before.Data!["checkInProgram"]);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var program = after.Data!["checkInProgram"]!;
        Assert.Equal("Page programme", program.Str("title"));
        Assert.Equal(7, program.Long("basePoints"));
        Assert.Equal("weekly", program.Str("cycle"));
        Assert.Equal(5, program["streakRewards"]![1]!.Long("growth"));
        Assert.Equal(2, program["makeUp"]!.Long("maxDaysBack"));
        Assert.Contains("published · version 1", page);
        Assert.Contains("href=\"/admin/checkin\"", dashboard);
    }

    [Fact]
    public async Task Unreadable_reward_lines_are_reported_on_their_field()
    {
        using var app = new CheckInApp();
        var form = Form("Asia/Shanghai");
        form["Input.StreakRewards"] = "three, ten";

        var response = await PostFormAsync(Client(app), "Save", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("is not \"number, points, growth\"", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    // "1,000" does not bind to a number: MVC would leave 0 there, and 0 points a day would be published.
    [InlineData("Input.BasePoints", "1,000", "BasePoints")]
    [InlineData("Input.MakeUpMaxDaysBack", "99999999999999999999", "MakeUpMaxDaysBack")]
    // A checkbox posts true or false; anything else used to throw while the page showed its errors.
    [InlineData("Input.MakeUpEnabled", "maybe", "MakeUpEnabled")]
    public async Task A_value_that_does_not_bind_is_shown_back_and_nothing_is_published(string field, string value, string named)
    {
        using var app = new CheckInApp();
        var form = Form("Asia/Shanghai");
        form[field] = value;

        var response = await PostFormAsync(Client(app), "Publish", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var program = await app.App.StorefrontAsync("{ checkInProgram { title } }");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"These values could not be read, nothing was saved: {named}.", html);
        Assert.Null(program.Data!["checkInProgram"]);
    }

    [Fact]
    public async Task Emptied_fields_are_errors_on_the_page_not_a_server_error()
    {
        using var app = new CheckInApp();
        var noTitle = Form("Asia/Shanghai");
        noTitle["Input.Title"] = "";
        var emptied = Form("Asia/Shanghai");
        foreach (var key in emptied.Keys.ToList()) emptied[key] = "";

        var titleResponse = await PostFormAsync(Client(app), "Publish", noTitle);
        var emptiedResponse = await PostFormAsync(Client(app), "Publish", emptied);

        // An empty text field reaches the validator; an empty number cannot be read at all.
        Assert.Equal(HttpStatusCode.OK, titleResponse.StatusCode);
        Assert.Contains("'Title' must not be empty.", WebUtility.HtmlDecode(await titleResponse.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, emptiedResponse.StatusCode);
        var emptiedHtml = WebUtility.HtmlDecode(await emptiedResponse.Content.ReadAsStringAsync());
        Assert.Matches("could not be read, nothing was saved: [^<]*BasePoints", emptiedHtml);
        Assert.Null((await app.App.StorefrontAsync("{ checkInProgram { title } }")).Data!["checkInProgram"]);
    }

    [Fact]
    public async Task The_member_page_shows_the_check_in_panel()
    {
        using var app = new CheckInApp();
        await app.PublishProgramAsync(CheckInApp.DemoProgram());
        var (token, memberId) = await app.MemberAsync("13940000001");
        foreach (var day in new[] { "2026-11-20", "2026-11-21" })
        {
            app.SetDay(day);
            (await app.CheckInAsync(token, "p-" + day)).NoErrors();
        }

        var pageResponse = await Client(app).GetAsync($"/admin/members/{memberId}");
        var html = await pageResponse.Content.ReadAsStringAsync();
        Assert.True(pageResponse.IsSuccessStatusCode, html);

        Assert.Contains("id=\"checkin-panel\"", html);
        Assert.Matches("data-test=\"checkin-streak\">2<", html);
        Assert.Matches("data-test=\"checkin-total\">2<", html);
        Assert.Contains("2026-11-20", html);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
