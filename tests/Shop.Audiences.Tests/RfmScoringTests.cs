using Shop.Audiences.Models;
using Shop.Audiences.Services;

namespace Shop.Audiences.Tests;

public sealed class RfmScoringTests
{
    [Fact]
    public void Quintiles_rank_in_fifths_and_ties_share_the_lower_score()
    {
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], RfmScoring.Quintiles([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]));
        Assert.Equal([5, 4, 3, 2, 1], RfmScoring.Quintiles([50, 40, 30, 20, 10]));
        Assert.Equal([1, 1, 1, 4], RfmScoring.Quintiles([7, 7, 7, 9]));
        Assert.Equal([1, 1, 1], RfmScoring.Quintiles([3, 3, 3]));
        Assert.Empty(RfmScoring.Quintiles([]));
    }

    [Fact]
    public void Recent_frequent_big_spenders_are_important_value_and_the_opposite_general_retain()
    {
        var inputs = Enumerable.Range(0, 10).Select(i => new RfmInput($"m{i}", RecencyDays: 100 - i * 10, Frequency: i + 1, MonetaryFen: (i + 1) * 1000)).ToList();

        var scores = RfmScoring.Score(inputs).ToDictionary(s => s.MemberId);

        Assert.Equal((5, 5, 5), (scores["m9"].R, scores["m9"].F, scores["m9"].M));
        Assert.Equal(RfmSegments.ImportantValue, scores["m9"].Segment);
        Assert.Equal((1, 1, 1), (scores["m0"].R, scores["m0"].F, scores["m0"].M));
        Assert.Equal(RfmSegments.GeneralRetain, scores["m0"].Segment);
    }

    [Theory]
    [InlineData(5, 5, 5, "important-value", "重要价值客户")]
    [InlineData(4, 2, 3, "important-develop", "重要发展客户")]
    [InlineData(2, 4, 5, "important-keep", "重要保持客户")]
    [InlineData(1, 1, 3, "important-retain", "重要挽留客户")]
    [InlineData(3, 3, 2, "general-value", "一般价值客户")]
    [InlineData(5, 1, 1, "general-develop", "一般发展客户")]
    [InlineData(2, 3, 1, "general-keep", "一般保持客户")]
    [InlineData(2, 2, 2, "general-retain", "一般挽留客户")]
    public void Eight_segments_with_their_chinese_labels(int r, int f, int m, string segment, string label)
    {
        Assert.Equal(segment, RfmSegments.For(r, f, m));
        Assert.Equal(label, RfmSegments.Labels[segment]);
    }
}
