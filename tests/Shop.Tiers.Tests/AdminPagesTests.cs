using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shop.Testing;

namespace Shop.Tiers.Tests;

/// <summary>The tier pages render real data for staff (the bootstrap API key stands in for a signed-in admin).</summary>
public class AdminPagesTests(GrowthFixture fixture) : IClassFixture<GrowthFixture>
{
    private readonly ShopAppFactory _app = fixture.App;

    private Task<(HttpStatusCode Status, string Html)> GetAsync(string path) => GetAsync(_app, path);

    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(ShopAppFactory app, string path)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ShopAppFactory.ApiKey);
        using var response = await client.GetAsync(path);
        // Razor encodes non-ASCII text as character references.
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Tier_list_shows_levels_benefits_and_member_counts()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        await TierApi.AdjustAsync(_app, memberId, 5000, "page-1");

        var (status, html) = await GetAsync("/admin/tiers");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("黄金会员", html);
        Assert.Contains("points ×1.5", html);
        Assert.Matches("data-test=\"members-4\">[1-9]", html);
        Assert.Contains("/admin/tiers/program", html);
    }

    [Fact]
    public async Task Member_page_shows_the_tier_panel_with_the_log()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        await TierApi.AdjustAsync(_app, memberId, 600, "panel-1", "开业活动");

        var (status, html) = await GetAsync($"/admin/members/{memberId}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"member-tier\"", html);
        Assert.Contains("2 · 白银会员", html);
        Assert.Contains("开业活动", html);
    }

    [Fact]
    public async Task Member_tier_times_read_in_the_merchants_zone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 8, 30, 0, TimeSpan.Zero));
        using var app = new ShopAppFactory().WithSetting("Shop:Merchant:TimeZone", "Europe/London").WithServices(s => s.AddSingleton<TimeProvider>(clock));
        await TierApi.PublishTierAsync(app, 1, "普通会员", 0);
        await TierApi.PublishTierAsync(app, 2, "白银会员", 500);
        var memberId = await TierApi.CreateMemberAsync(app);
        await TierApi.AdjustAsync(app, memberId, 600, "london");

        var (status, html) = await GetAsync(app, $"/admin/members/{memberId}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("2026-07-01 09:30", html); // British Summer Time; Shanghai would read 16:30
        Assert.DoesNotContain("2026-07-01 16:30", html);
    }

    [Fact]
    public async Task Edit_and_programme_forms_render()
    {
        var (editStatus, edit) = await GetAsync("/admin/tiers/edit");
        var (programStatus, program) = await GetAsync("/admin/tiers/program");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (editStatus, programStatus));
        Assert.Contains("Input.Benefits.DiscountPercent", edit);
        Assert.Contains("toSupported", program);
    }
}
