namespace Shop.Audiences.Tests;

public sealed class RfmTests : IDisposable
{
    private readonly AudiencesApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Members_with_orders_in_the_window_get_scores_and_a_segment_the_index_can_target()
    {
        var members = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var id = await _app.MemberAsync();
            members.Add(id);
            // Member i: i + 1 orders of (i + 1) × 100 yuan, the last one 10 × (10 - i) days ago.
            for (var k = 0; k <= i; k++)
                await _app.PayAsync(id, $"o-{i}-{k}", (i + 1) * 100_00, AudiencesApp.Start.AddDays(-10 * (10 - i) - k));
        }
        var idle = await _app.MemberAsync();
        var old = await _app.MemberAsync();
        await _app.PayAsync(old, "o-old", 50_00, AudiencesApp.Start.AddDays(-400));

        var run = await _app.RecomputeRfmAsync();
        await _app.DrainAsync();

        Assert.Equal(10, run.Scored);
        var best = (await _app.App.AdminAsync("query($id: ID!) { member(id: $id) { rfm { r f m segment label recencyDays frequency monetaryFen } } }", new { id = members[9] }))
            .Data!["member"]!["rfm"]!;
        Assert.Equal(5, best.Long("r"));
        Assert.Equal(5, best.Long("f"));
        Assert.Equal(5, best.Long("m"));
        Assert.Equal("important-value", best.Str("segment"));
        Assert.Equal("重要价值客户", best.Str("label"));
        Assert.Equal(10, best.Long("recencyDays"));
        Assert.Equal(10, best.Long("frequency"));
        Assert.Equal(10_000_00, best.Long("monetaryFen"));
        var none = await _app.App.AdminAsync("query($id: ID!) { member(id: $id) { rfm { r } } }", new { id = idle });
        Assert.Null(none.Data!["member"]!["rfm"]);
        // Scores 1,1,2,2,3,3,4,4,5,5 on every axis; 3 and up is high.
        Assert.Equal(6, await _app.CountAsync(AudiencesApp.Rule("all", ("rfm_segment", "eq", ["important-value"]))));
        Assert.Equal(4, await _app.CountAsync(AudiencesApp.Rule("all", ("rfm_segment", "eq", ["general-retain"]))));
        Assert.Equal(10, await _app.CountAsync(AudiencesApp.Rule("all", ("rfm_r", "exists", []))));

        // Nothing changed: nothing is rewritten. Time passes: the oldest buyers leave the window.
        Assert.Equal(0, (await _app.RecomputeRfmAsync()).Changed);
        _app.Clock.Advance(TimeSpan.FromDays(300));
        var later = await _app.RecomputeRfmAsync();
        Assert.True(later.Removed > 0, $"{later}");
        Assert.NotNull(old);
    }
}
