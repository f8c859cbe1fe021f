using Microsoft.Extensions.DependencyInjection;
using Shop.Audiences.Services;
using Shop.Framework.Audiences;
using Shop.Framework.Data;

namespace Shop.Audiences.Tests;

/// <summary>
/// Audience jobs and the audience versions they were started for: a republished snapshot audience
/// keeps its old members until the new snapshot is complete, and a coupon push walks the version
/// (and the snapshot) it started with, whatever is published meanwhile.
/// </summary>
public sealed class AudienceVersionJobTests : IDisposable
{
    private readonly AudiencesApp _app = new();

    public void Dispose() => _app.Dispose();

    private static object Tagged(string tag) => AudiencesApp.Rule("all", ("tags", "in", [tag]));

    /// <summary>Publishes the manual tag and gives it to <paramref name="holders"/> only, indexed.</summary>
    private async Task TagOnlyAsync(string tag, IReadOnlyList<string> holders)
    {
        await _app.TagAsync(tag);
        (await _app.TagMembersAsync(holders, add: [tag])).NoErrors();
        await _app.DrainAsync();
    }

    /// <summary><paramref name="count"/> members tagged p, then 30 more tagged q only.</summary>
    private async Task<(List<string> P, List<string> Q)> PushTargetsAsync(int count)
    {
        var members = (await _app.TaggedMembersAsync("p", count)).Order(StringComparer.Ordinal).ToList();
        var latecomers = new List<string>();
        for (var i = 0; i < 30; i++) latecomers.Add(await _app.MemberAsync());
        await TagOnlyAsync("q", latecomers);
        return (members, latecomers);
    }

    private async Task RepublishAsync(string audienceId, object rule, string mode)
    {
        var updated = await _app.App.AdminAsync($"mutation($i: AudienceUpdateInput!) {{ audienceUpdate(input: $i) {{ {AudiencesApp.Errors} }} }}",
            new { i = new { id = audienceId, name = "republished", mode, rule } });
        updated.Data!["audienceUpdate"]!.NoErrors();
        var published = await _app.App.AdminAsync($"mutation($id: ID!) {{ audiencePublish(input: {{id: $id}}) {{ {AudiencesApp.Errors} }} }}", new { id = audienceId });
        published.Data!["audiencePublish"]!.NoErrors();
    }

    private async Task<long> AudienceCountAsync(string audienceId) =>
        (await _app.App.AdminAsync("query($id: ID!) { audienceCount(id: $id) }", new { id = audienceId })).Data!["audienceCount"]!.GetValue<long>();

    private Task<bool> AdmitsAsync(string audienceId, string memberId) =>
        _app.InScopeAsync(sp => sp.GetRequiredService<IAudienceGate>().ContainsAsync(audienceId, memberId));

    private Task<bool> RunBatchAsync(string jobId) => _app.InScopeAsync(sp => sp.GetRequiredService<AudienceJobRunner>().RunBatchAsync(jobId));

    private async Task RunToEndAsync(string jobId)
    {
        while (!await RunBatchAsync(jobId)) { }
    }

    /// <summary>The audience's pending snapshot job (other than <paramref name="except"/>).</summary>
    private async Task<string> PendingSnapshotJobAsync(string audienceId, string? except = null)
    {
        var listed = (await _app.App.AdminAsync("query($a: ID!) { audienceJobs(audienceId: $a, first: 50) { edges { node { id kind state } } } }", new { a = audienceId }))
            .Data!["audienceJobs"]!["edges"]!.AsArray().Select(e => e!["node"]!);
        return listed.Single(n => n.Str("kind") == "snapshot" && n.Str("state") == "pending" && n.Str("id") != except).Str("id");
    }

    private Task<long> SnapshotRowsAsync(string audienceId) =>
        _app.InScopeAsync(sp => sp.GetRequiredService<DbSession>().ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audience_snapshot_rows WHERE audience_id = @audienceId", new { audienceId }));

    private async Task<string> PushAsync(string templateId, string audienceId, string key)
    {
        var started = (await _app.App.AdminAsync("mutation($t: ID!, $a: ID!, $k: String!) { couponIssueToAudience(input: {templateId: $t, audienceId: $a, idempotencyKey: $k}) { job { id } errors { code } } }",
            new { t = templateId, a = audienceId, k = key })).Data!["couponIssueToAudience"]!;
        started.NoErrors();
        return started["job"]!.Str("id");
    }

    private async Task<long> CouponsOfAsync(string memberId) =>
        (await _app.App.AdminAsync("query($id: ID!) { member(id: $id) { coupons { totalCount } } }", new { id = memberId })).Data!["member"]!["coupons"]!.Long("totalCount");

    [Fact]
    public async Task A_republished_snapshot_audience_keeps_its_members_until_the_new_snapshot_is_complete()
    {
        var members = (await _app.TaggedMembersAsync("old", 150)).Order(StringComparer.Ordinal).ToList();
        var kept = members.Take(120).ToList();
        await TagOnlyAsync("new", kept);
        var audience = await _app.AudienceAsync("snap", Tagged("old"), mode: "snapshot");
        await _app.RunJobsAsync();
        Assert.Equal(150, await AudienceCountAsync(audience));

        await RepublishAsync(audience, Tagged("new"), "snapshot");
        var job = await PendingSnapshotJobAsync(audience);
        Assert.False(await RunBatchAsync(job));

        Assert.Equal(150, await AudienceCountAsync(audience));
        Assert.True(await AdmitsAsync(audience, members[^1]));

        await RunToEndAsync(job);
        Assert.Equal(120, await AudienceCountAsync(audience));
        Assert.False(await AdmitsAsync(audience, members[^1]));
        Assert.True(await AdmitsAsync(audience, members[0]));
        Assert.Equal(120, await SnapshotRowsAsync(audience)); // the old version's rows are gone
    }

    [Fact]
    public async Task An_older_snapshot_job_finishing_last_does_not_replace_the_newer_snapshot()
    {
        var members = (await _app.TaggedMembersAsync("a", 20)).Order(StringComparer.Ordinal).ToList();
        await TagOnlyAsync("b", members.Take(5).ToList());
        var audience = await _app.AudienceAsync("snap", Tagged("a"), mode: "snapshot");
        var first = await PendingSnapshotJobAsync(audience);
        await RepublishAsync(audience, Tagged("b"), "snapshot");
        var second = await PendingSnapshotJobAsync(audience, except: first);
        Assert.NotEqual(first, second);

        await RunToEndAsync(second);
        await RunToEndAsync(first);

        Assert.Equal(5, await AudienceCountAsync(audience));
        Assert.False(await AdmitsAsync(audience, members[^1]));
        Assert.Equal(5, await SnapshotRowsAsync(audience));
    }

    [Fact]
    public async Task A_push_issues_to_the_members_of_the_audience_version_it_started_with()
    {
        var (members, latecomers) = await PushTargetsAsync(250);
        var audience = await _app.AudienceAsync("push", Tagged("p"));
        var template = await _app.CouponTemplateAsync(["audience"]);
        var push = await PushAsync(template, audience, "mid-edit");
        Assert.False(await RunBatchAsync(push));

        await RepublishAsync(audience, Tagged("q"), "dynamic");
        await RunToEndAsync(push);

        await AssertIssuedToAsync(push, template, members, latecomers);
    }

    [Fact]
    public async Task A_push_over_a_snapshot_walks_the_snapshot_it_started_with_through_a_republish_and_a_mode_switch()
    {
        var (members, latecomers) = await PushTargetsAsync(200);
        var audience = await _app.AudienceAsync("snap push", Tagged("p"), mode: "snapshot");
        await _app.RunJobsAsync();
        var template = await _app.CouponTemplateAsync(["audience"]);
        var push = await PushAsync(template, audience, "mid-republish");
        Assert.False(await RunBatchAsync(push));

        await RepublishAsync(audience, Tagged("q"), "snapshot"); // its snapshot finishes while the push is half-way
        await RunToEndAsync(await PendingSnapshotJobAsync(audience));
        Assert.Equal(30, await AudienceCountAsync(audience));
        await RepublishAsync(audience, Tagged("q"), "dynamic");
        await RunToEndAsync(push);

        await AssertIssuedToAsync(push, template, members, latecomers);
        Assert.Equal(30, await SnapshotRowsAsync(audience)); // the pushed version is dropped once its push is done
    }

    private async Task AssertIssuedToAsync(string push, string template, IReadOnlyList<string> members, IReadOnlyList<string> outsiders)
    {
        var job = (await _app.App.AdminAsync("query($id: ID!) { audienceJob(id: $id) { state processed succeeded failed } }", new { id = push })).Data!["audienceJob"]!;
        Assert.Equal("done", job.Str("state"));
        Assert.Equal(members.Count, job.Long("succeeded"));
        Assert.Equal(0, job.Long("failed"));
        var stats = (await _app.App.AdminAsync("query($t: ID!) { couponTemplateStats(templateId: $t) { issued } }", new { t = template })).Data!["couponTemplateStats"]!;
        Assert.Equal(members.Count, stats.Long("issued"));
        foreach (var member in members.Skip(95).Take(10).Concat(members.TakeLast(5))) Assert.Equal(1, await CouponsOfAsync(member));
        foreach (var outsider in outsiders.Take(3)) Assert.Equal(0, await CouponsOfAsync(outsider));
    }
}
