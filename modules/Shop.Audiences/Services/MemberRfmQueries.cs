using Shop.Framework.Data;

namespace Shop.Audiences.Services;

public sealed class MemberRfm
{
    public string MemberId { get; set; } = "";
    public int R { get; set; }
    public int F { get; set; }
    public int M { get; set; }
    public string Segment { get; set; } = "";
    public long RecencyDays { get; set; }
    public long Frequency { get; set; }
    public long MonetaryFen { get; set; }
}

public sealed class MemberRfmQueries(DbSession db)
{
    public async Task<IReadOnlyDictionary<string, MemberRfm>> ForAsync(IReadOnlyCollection<string> memberIds) =>
        (await db.QueryAsync<MemberRfm>(
            "SELECT member_id AS MemberId, r AS R, f AS F, m AS M, segment AS Segment, recency_days AS RecencyDays, frequency AS Frequency, monetary_fen AS MonetaryFen " +
            $"FROM member_rfm WHERE {db.In("member_id", "ids")}", new { ids = memberIds.ToArray() })).ToDictionary(r => r.MemberId);

    /// <summary>Members per segment, for the admin.</summary>
    public async Task<IReadOnlyDictionary<string, long>> SegmentCountsAsync() =>
        (await db.QueryAsync<(string Segment, long Count)>("SELECT segment, COUNT(*) FROM member_rfm GROUP BY segment")).ToDictionary(r => r.Segment, r => r.Count);
}
