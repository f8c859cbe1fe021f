using System.Text.Json.Nodes;

namespace Shop.Audiences.Tests;

/// <summary>member.rfm's raw values follow the orders even when the scores stay put, and recency counts local calendar days.</summary>
public sealed class RfmRawValueTests : IDisposable
{
    private readonly AudiencesApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<JsonNode> RfmAsync(string id) =>
        (await _app.App.AdminAsync("query($id: ID!) { member(id: $id) { rfm { r f m segment recencyDays frequency monetaryFen } } }", new { id }))
        .Data!["member"]!["rfm"]!;

    [Fact]
    public async Task A_second_order_that_leaves_the_scores_alone_still_updates_frequency_money_and_recency()
    {
        var member = await _app.MemberAsync();
        await _app.PayAsync(member, "o-1", 100_00, AudiencesApp.Start.AddDays(-10));
        await _app.RecomputeRfmAsync();
        var first = await RfmAsync(member);

        _app.Clock.Advance(TimeSpan.FromDays(20));
        // Dated 5 days after the first order: the latest paid order is now 25 days old.
        await _app.PayAsync(member, "o-2", 100_00, AudiencesApp.Start.AddDays(-5));
        var run = await _app.RecomputeRfmAsync();
        var second = await RfmAsync(member);

        Assert.Equal(10, first.Long("recencyDays"));
        Assert.Equal(1, first.Long("frequency"));
        Assert.Equal(1, run.Changed);
        Assert.Equal(0, run.Reindexed); // a lone member's scores and segment are the same: the index holds nothing new
        Assert.Equal(first.Str("segment"), second.Str("segment"));
        Assert.Equal(2, second.Long("frequency"));
        Assert.Equal(200_00, second.Long("monetaryFen"));
        Assert.Equal(25, second.Long("recencyDays"));
        Assert.Equal(0, (await _app.RecomputeRfmAsync()).Changed);
    }

    [Fact]
    public async Task Recency_counts_merchant_calendar_days_not_elapsed_24_hour_periods()
    {
        // Start is 10:00 in Shanghai; 23:00 the evening before is 11 hours ago but yesterday.
        var yesterday = await _app.MemberAsync();
        await _app.PayAsync(yesterday, "o-late", 50_00, AudiencesApp.Start.AddHours(-11));
        // 00:30 today local: 9.5 hours ago and today.
        var today = await _app.MemberAsync();
        await _app.PayAsync(today, "o-early", 50_00, AudiencesApp.Start.AddHours(-9.5));

        await _app.RecomputeRfmAsync();

        Assert.Equal(1, (await RfmAsync(yesterday)).Long("recencyDays"));
        Assert.Equal(0, (await RfmAsync(today)).Long("recencyDays"));
    }
}
