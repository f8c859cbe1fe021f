using System.Text.RegularExpressions;
using Shop.Testing;

namespace Shop.Points.Tests;

/// <summary>The member page's points panel and the programme settings page, signed in as the bootstrap admin.</summary>
public partial class AdminPagesTests(PointsFixture fixture) : IClassFixture<PointsFixture>
{
    private readonly PointsFixture _f = fixture;

    [Fact]
    public async Task The_member_page_shows_balance_and_ledger_newest_first()
    {
        var member = await _f.NewMemberAsync();
        await _f.AdjustAsync(member, 40, "page-1", "First goodwill");
        _f.Clock.Advance(TimeSpan.FromSeconds(1));
        await _f.AdjustAsync(member, -15, "page-2", "Second correction");
        var client = await SignedInClientAsync();

        var html = await client.GetStringAsync($"/admin/members/{member}");

        Assert.Contains("data-test=\"points-balance\">25<", html);
        Assert.True(html.IndexOf("Second correction", StringComparison.Ordinal) < html.IndexOf("First goodwill", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("%25")]
    [InlineData("AAAA")]
    public async Task A_hand_edited_ledger_link_shows_the_newest_entries(string pointsAfter)
    {
        var member = await _f.NewMemberAsync();
        await _f.AdjustAsync(member, 40, $"edited-{pointsAfter}", "Goodwill for the edited link");
        var client = await SignedInClientAsync();

        using var response = await client.GetAsync($"/admin/members/{member}?pointsAfter={pointsAfter}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Goodwill for the edited link", html);
    }

    [Fact]
    public async Task The_programme_page_shows_validation_errors_and_publishes_a_valid_draft()
    {
        var client = await SignedInClientAsync();
        var page = await client.GetStringAsync("/admin/points/program");
        Assert.Contains("Published v1", page);

        var invalid = await PostProgramAsync(client, page, "Publish", ("Input.DeductionMaxSharePercent", "150"));
        Assert.Contains("must be between 0 and 100", invalid);
        Assert.Contains("Published v1", await client.GetStringAsync("/admin/points/program")); // nothing was saved

        var form = await client.GetStringAsync("/admin/points/program");
        await PostProgramAsync(client, form, "Publish", ("Input.BirthdayBonus", "99"));
        var after = await client.GetStringAsync("/admin/points/program");
        Assert.Contains("Published v2", after);
        Assert.Contains("value=\"99\"", after);
    }

    private async Task<string> PostProgramAsync(HttpClient client, string formHtml, string handler, params (string Name, string Value)[] overrides)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var named = new Dictionary<string, string>();
        foreach (Match m in InputValue().Matches(formHtml))
        {
            var name = System.Net.WebUtility.HtmlDecode(m.Groups["name"].Value);
            if (name == "__Invariant") fields.Add(new(name, m.Groups["value"].Value)); // repeated: one per number field
            else named[name] = System.Net.WebUtility.HtmlDecode(m.Groups["value"].Value);
        }
        foreach (Match m in Selected().Matches(formHtml)) named[m.Groups["name"].Value] = m.Groups["value"].Value;
        foreach (Match m in TextArea().Matches(formHtml)) named[m.Groups["name"].Value] = System.Net.WebUtility.HtmlDecode(m.Groups["value"].Value);
        foreach (var (name, value) in overrides) named[name] = value;
        fields.AddRange(named);
        var response = await client.PostAsync($"/admin/points/program?handler={handler}", new FormUrlEncodedContent(fields));
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HttpClient> SignedInClientAsync()
    {
        var client = _f.App.CreateClient();
        var login = await client.GetStringAsync("/admin/login");
        var token = InputValue().Matches(login).First(m => m.Groups["name"].Value == "__RequestVerificationToken").Groups["value"].Value;
        var response = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = ShopAppFactory.AdminEmail,
            ["Input.Password"] = ShopAppFactory.AdminPassword,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.True((int)response.StatusCode < 400, $"{response.StatusCode}");
        return client;
    }

    [GeneratedRegex("<input[^>]*?name=\"(?<name>[^\"]+)\"[^>]*?value=\"(?<value>[^\"]*)\"")]
    private static partial Regex InputValue();

    [GeneratedRegex("<select[^>]*?name=\"(?<name>[^\"]+)\"[^>]*>(?:(?!</select>).)*?<option selected=\"selected\" value=\"(?<value>[^\"]*)\"", RegexOptions.Singleline)]
    private static partial Regex Selected();

    [GeneratedRegex("<textarea[^>]*?name=\"(?<name>[^\"]+)\"[^>]*>(?<value>[^<]*)</textarea>")]
    private static partial Regex TextArea();
}
