using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Framework.Time;
using Shop.Points.Services;

namespace Shop.Tiers.Services;

/// <summary>
/// The birthday benefit: on the member's birthday (merchant-local day) the points of the
/// member's current tier, once per member per year. Members born on 29 February celebrate on
/// 28 February in common years.
/// </summary>
public sealed class BirthdayPointsService(DbSession db, TierCatalog catalog, MerchantCalendar calendar, TimeProvider clock, IServiceProvider services)
{
    private const int BatchSize = 500;

    /// <summary>Grants today's birthday points; returns how many members received them.</summary>
    public async Task<int> GrantTodayAsync(CancellationToken cancellationToken = default)
    {
        var tiers = await catalog.TiersAsync();
        if (!tiers.Any(t => t.Benefits.BirthdayPoints > 0)) return 0;
        var today = calendar.Today();
        var days = new List<string> { today.ToString("MM-dd") };
        if (today is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(today.Year)) days.Add("02-29");
        var baseLevel = TierRules.LevelFor(0, tiers);
        var granted = 0;
        string? after = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = (await db.QueryAsync<BirthdayMember>(
                "SELECT m.id AS MemberId, COALESCE(t.level, @baseLevel) AS Level FROM members m LEFT JOIN tier_members t ON t.member_id = m.id " +
                $"WHERE {db.In("SUBSTR(m.birthday, 6, 5)", "days")} {(after is null ? "" : "AND m.id > @after")} " +
                "AND NOT EXISTS (SELECT 1 FROM tier_birthday_grants g WHERE g.member_id = m.id AND g.year = @year) " +
                $"ORDER BY m.id LIMIT {BatchSize}",
                new { baseLevel, days = days.ToArray(), after, year = today.Year })).ToList();
            if (batch.Count == 0) break;
            after = batch[^1].MemberId;
            foreach (var member in batch)
            {
                var tier = TierRules.TierAt(member.Level, tiers);
                if (tier is null || tier.Benefits.BirthdayPoints <= 0) continue;
                var points = tier.Benefits.BirthdayPoints;
                var version = await catalog.VersionOfAsync(tier.Level);
                var now = clock.NowMs();
                var done = await db.InTransactionAsync(async () =>
                {
                    var claimed = await db.ExecuteAsync(
                        "INSERT INTO tier_birthday_grants (member_id, year, level, points, at) VALUES (@MemberId, @year, @level, @points, @now) " +
                        "ON CONFLICT (member_id, year) DO NOTHING",
                        new { member.MemberId, year = today.Year, level = tier.Level, points, now });
                    if (claimed == 0) return false;
                    var result = await services.GetRequiredService<IPointsLedger>().GrantAsync(new PointsGrant(member.MemberId, points, "tier.birthday",
                        today.Year.ToString(), $"tier.birthday:{member.MemberId}:{today.Year}", $"生日礼：{tier.Name}", version));
                    if (!result.Succeeded)
                        throw new InvalidOperationException($"Birthday points refused: {result.Errors[0].Code} {result.Errors[0].Message}");
                    return true;
                });
                if (done) granted++;
            }
        }
        return granted;
    }

    private sealed class BirthdayMember
    {
        public string MemberId { get; init; } = "";
        public int Level { get; init; }
    }
}
