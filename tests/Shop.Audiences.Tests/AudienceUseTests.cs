using Shop.Audiences.Services;
using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.Services;
using Shop.Framework.GraphQL;

namespace Shop.Audiences.Tests;

/// <summary>Audiences in use: gating claims, snapshots, and coupon pushes that survive a crash.</summary>
public sealed class AudienceUseTests : IDisposable
{
    private readonly FlakyIssuer.Switch _faults = new();
    private readonly AudiencesApp _app;

    public AudienceUseTests() => _app = new AudiencesApp(s =>
    {
        s.AddSingleton(_faults);
        s.AddScoped<CouponIssuer>();
        s.AddScoped<ICouponIssuer>(sp => new FlakyIssuer(sp.GetRequiredService<CouponIssuer>(), _faults));
    });

    public void Dispose() => _app.Dispose();

    private Task<string> TemplateAsync(string audienceId = "", params string[] channels) =>
        _app.CouponTemplateAsync(channels, audienceId.Length == 0 ? null : audienceId);

    private async Task<long> CouponsOfAsync(string memberId) =>
        (await _app.App.AdminAsync("query($id: ID!) { member(id: $id) { coupons { totalCount } } }", new { id = memberId })).Data!["member"]!["coupons"]!.Long("totalCount");

    [Fact]
    public async Task A_template_restricted_to_an_audience_admits_only_its_members()
    {
        await _app.TagAsync("vip");
        var audience = await _app.AudienceAsync("VIPs", AudiencesApp.Rule("all", ("tags", "in", ["vip"])));
        var template = await TemplateAsync(audience, "claim");
        var vipToken = await _app.App.LoginAsync("13700002001");
        var otherToken = await _app.App.LoginAsync("13700002002");
        var vip = (await _app.App.StorefrontAsync("{ me { id } }", token: vipToken)).Data!["me"]!.Str("id");
        (await _app.TagMembersAsync([vip], add: ["vip"])).NoErrors();
        await _app.DrainAsync();
        const string claim = "mutation($t: ID!) { claimCoupon(input: {templateId: $t, idempotencyKey: \"k\"}) { errors { code } } }";

        (await _app.App.StorefrontAsync(claim, new { t = template }, vipToken)).Data!["claimCoupon"]!.NoErrors();
        Assert.Equal("NOT_ELIGIBLE", (await _app.App.StorefrontAsync(claim, new { t = template }, otherToken)).Data!["claimCoupon"]!.Code());
    }

    [Fact]
    public async Task A_snapshot_audience_keeps_the_members_it_had_when_published()
    {
        var members = await _app.TaggedMembersAsync("vip", 3, tagged: 2);

        var audience = await _app.AudienceAsync("VIPs on Nov 23", AudiencesApp.Rule("all", ("tags", "in", ["vip"])), mode: "snapshot");
        await _app.RunJobsAsync();
        (await _app.TagMembersAsync([members[2]], add: ["vip"])).NoErrors();
        (await _app.TagMembersAsync([members[0]], remove: ["vip"])).NoErrors();
        await _app.DrainAsync();

        var count = await _app.App.AdminAsync("query($id: ID!) { audienceCount(id: $id) }", new { id = audience });
        Assert.Equal(2, count.Data!["audienceCount"]!.GetValue<long>());
        var template = await TemplateAsync(audience, "claim");
        var gate = _app.App.Services.CreateScope().ServiceProvider.GetRequiredService<Shop.Framework.Audiences.IAudienceGate>();
        Assert.True(await gate.ContainsAsync(audience, members[0]));
        Assert.False(await gate.ContainsAsync(audience, members[2]));
        Assert.NotNull(template);
    }

    [Fact]
    public async Task A_coupon_push_to_an_audience_resumes_after_a_crash_and_gives_each_member_exactly_one()
    {
        var members = await _app.TaggedMembersAsync("push", 250);
        var audience = await _app.AudienceAsync("push targets", AudiencesApp.Rule("all", ("tags", "in", ["push"])));
        var template = await TemplateAsync("", "audience");
        const string push = "mutation($t: ID!, $a: ID!, $k: String!) { couponIssueToAudience(input: {templateId: $t, audienceId: $a, idempotencyKey: $k}) { job { id state total processed succeeded } errors { code } } }";

        var started = (await _app.App.AdminAsync(push, new { t = template, a = audience, k = "black-friday" })).Data!["couponIssueToAudience"]!;
        started.NoErrors();
        var jobId = started["job"]!.Str("id");
        Assert.Equal(250, started["job"]!.Long("total"));

        _faults.FailAfter = 150; // the second batch dies half-way: it rolls back whole
        await _app.RunJobsAsync();
        var crashed = (await _app.App.AdminAsync("query($id: ID!) { audienceJob(id: $id) { state processed succeeded error } }", new { id = jobId })).Data!["audienceJob"]!;
        Assert.Equal("pending", crashed.Str("state"));
        Assert.Equal(100, crashed.Long("processed"));
        Assert.Equal(100, crashed.Long("succeeded"));

        _faults.FailAfter = null;
        await _app.RunJobsAsync();
        var done = (await _app.App.AdminAsync("query($id: ID!) { audienceJob(id: $id) { state processed succeeded failed } }", new { id = jobId })).Data!["audienceJob"]!;
        Assert.Equal("done", done.Str("state"));
        Assert.Equal(250, done.Long("processed"));
        Assert.Equal(250, done.Long("succeeded"));
        Assert.Equal(0, done.Long("failed"));
        foreach (var member in members.Take(5).Concat(members.TakeLast(5))) Assert.Equal(1, await CouponsOfAsync(member));
        var stats = (await _app.App.AdminAsync("query($t: ID!) { couponTemplateStats(templateId: $t) { issued } }", new { t = template })).Data!["couponTemplateStats"]!;
        Assert.Equal(250, stats.Long("issued"));

        var listed = (await _app.App.AdminAsync("query($a: ID!) { audienceJobs(audienceId: $a) { totalCount edges { node { id kind state succeeded } } } }", new { a = audience }))
            .Data!["audienceJobs"]!;
        Assert.Equal(1, listed.Long("totalCount"));
        Assert.Equal(jobId, listed["edges"]![0]!["node"]!.Str("id"));
        Assert.Equal("couponIssue", listed["edges"]![0]!["node"]!.Str("kind"));

        var replay = (await _app.App.AdminAsync(push, new { t = template, a = audience, k = "black-friday" })).Data!["couponIssueToAudience"]!;
        Assert.Equal(jobId, replay["job"]!.Str("id"));
        var refused = (await _app.App.AdminAsync(push, new { t = await TemplateAsync("", "claim"), a = audience, k = "other" })).Data!["couponIssueToAudience"]!;
        Assert.Equal("NOT_AVAILABLE", refused.Code());
        var reusedKey = (await _app.App.AdminAsync(push, new { t = await TemplateAsync("", "audience"), a = audience, k = "black-friday" })).Data!["couponIssueToAudience"]!;
        Assert.Equal("VALIDATION", reusedKey.Code());
        Assert.Null(reusedKey["job"]);
    }
}

public sealed class AudienceJobRaceTests : IDisposable
{
    private readonly AudiencesApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Two_runners_on_the_same_batch_count_it_once()
    {
        var members = await _app.TaggedMembersAsync("race", 30);
        var audience = await _app.AudienceAsync("race", AudiencesApp.Rule("all", ("tags", "in", ["race"])));
        var template = await _app.CouponTemplateAsync(["audience"], title: "race coupon", discountFen: 100);
        var started = (await _app.App.AdminAsync("mutation($t: ID!, $a: ID!) { couponIssueToAudience(input: {templateId: $t, audienceId: $a, idempotencyKey: \"race\"}) { job { id } errors { code } } }",
            new { t = template, a = audience })).Data!["couponIssueToAudience"]!;
        var jobId = started["job"]!.Str("id");

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (bool?)await _app.InScopeAsync(sp => sp.GetRequiredService<AudienceJobRunner>().RunBatchAsync(jobId));
            }
            catch (InvalidOperationException)
            {
                return (bool?)null;
            }
        })));

        Assert.Contains(runs, r => r == true);
        var job = (await _app.App.AdminAsync("query($id: ID!) { audienceJob(id: $id) { state processed succeeded } }", new { id = jobId })).Data!["audienceJob"]!;
        Assert.Equal("done", job.Str("state"));
        Assert.Equal(30, job.Long("processed"));
        Assert.Equal(30, job.Long("succeeded"));
        var stats = (await _app.App.AdminAsync("query($t: ID!) { couponTemplateStats(templateId: $t) { issued } }", new { t = template })).Data!["couponTemplateStats"]!;
        Assert.Equal(30, stats.Long("issued"));
    }
}

/// <summary>Fails the Nth issue after it is armed, as a crash mid-batch would.</summary>
public sealed class FlakyIssuer(ICouponIssuer inner, FlakyIssuer.Switch faults) : ICouponIssuer
{
    public sealed class Switch
    {
        public int? FailAfter { get; set; }
        public int Calls;
    }

    public Task<CouponIssueResult> IssueAsync(CouponIssue issue, CancellationToken ct = default)
    {
        if (faults.FailAfter is { } limit && Interlocked.Increment(ref faults.Calls) > limit)
            throw new IOException("simulated crash");
        return inner.IssueAsync(issue, ct);
    }

    public Task<UserError?> TemplateRefusalAsync(string templateId, string channel, CancellationToken ct = default) =>
        inner.TemplateRefusalAsync(templateId, channel, ct);
}
