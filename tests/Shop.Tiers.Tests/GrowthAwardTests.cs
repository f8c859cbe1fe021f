using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Tiers.Services;

namespace Shop.Tiers.Tests;

/// <summary>
/// <see cref="IGrowthLedger.AwardAsync"/> (a check-in's growth) must leave every member where
/// <see cref="IGrowthLedger.AddAsync"/> would. In a shared PostgreSQL transaction it is one queued
/// statement that moves growth only while no upgrade is due; an upgrade makes it miss, and the work
/// runs again alone, where the upgrade happens. Tiers: 1 at 0, 2 at 500, 3 at 2000.
/// </summary>
public class GrowthAwardTests(ConcurrencyFixture fixture) : IClassFixture<ConcurrencyFixture>
{
    private readonly Shop.Testing.ShopAppFactory _app = fixture.App;

    private SharedTransactions Sharing => _app.Services.GetRequiredService<SharedTransactions>();

    private bool Shared => _app.Services.GetRequiredService<IDbConnectionFactory>().Provider == DatabaseProvider.PostgreSQL;

    /// <summary>Awards <paramref name="growth"/> as a check-in does; returns the refusals and whether the work was sent back to run alone.</summary>
    private async Task<(IReadOnlyList<UserError> Refused, bool RanAlone)> AwardAsync(string memberId, long growth, string key)
    {
        var alone = Sharing.SentBackAlone;
        var refused = await TierApi.InScopeAsync(_app, sp => sp.GetRequiredService<DbSession>().InSharedTransactionAsync(memberId,
            () => sp.GetRequiredService<IGrowthLedger>().AwardAsync(new GrowthGrant(memberId, growth, "test", key, key, "award", FreshKey: true))));
        return (refused, Sharing.SentBackAlone > alone);
    }

    private async Task<(long Growth, long Level, long EntryGrowth, long EntryLevel, long Changes)> StateAsync(string memberId, string key) => (
        await TierApi.ScalarAsync(_app, "SELECT growth_value FROM tier_members WHERE member_id = @memberId", new { memberId }),
        await TierApi.ScalarAsync(_app, "SELECT level FROM tier_members WHERE member_id = @memberId", new { memberId }),
        await TierApi.ScalarAsync(_app, "SELECT growth_after FROM growth_entries WHERE member_id = @memberId AND idempotency_key = @key", new { memberId, key }),
        await TierApi.ScalarAsync(_app, "SELECT level_after FROM growth_entries WHERE member_id = @memberId AND idempotency_key = @key", new { memberId, key }),
        await TierApi.ScalarAsync(_app, "SELECT COUNT(*) FROM tier_changes WHERE member_id = @memberId", new { memberId }));

    /// <summary>
    /// A member without growth gets a row at the first level; growth below the next threshold moves in
    /// the shared transaction; crossing one runs again alone and upgrades (on PostgreSQL).
    /// </summary>
    [Theory]
    [InlineData(0, 100, 100, 1, 0, false)]
    [InlineData(450, 49, 499, 1, 0, false)]
    [InlineData(450, 50, 500, 2, 1, true)]
    public async Task The_award_leaves_growth_and_level_as_adding_would(long before, long award, long growth, long level, long changes, bool upgrades)
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        if (before > 0) await TierApi.AdjustAsync(_app, memberId, before, $"{memberId}-before");

        var (refused, alone) = await AwardAsync(memberId, award, "award");

        Assert.Empty(refused);
        Assert.Equal(Shared && upgrades, alone);
        Assert.Equal((growth, level, growth, level, changes), await StateAsync(memberId, "award"));
    }

    [Fact]
    public async Task A_level_staff_set_below_the_growth_holds_without_a_threshold_crossed()
    {
        var memberId = await TierApi.CreateMemberAsync(_app);
        await TierApi.AdjustAsync(_app, memberId, 1990, "staff-1");
        var down = await _app.AdminAsync("mutation($i: TierSetInput!) { tierSet(input: $i) { errors { code } } }",
            new { i = new { memberId, level = 1, reason = "纠正" } });
        Assert.Empty(down.Data!["tierSet"]!["errors"]!.AsArray());

        var held = await AwardAsync(memberId, 5, "staff-2");
        var heldState = await StateAsync(memberId, "staff-2");
        // Small enough that a member without a row would not be upgraded by it (such a grant never tries the queued way).
        var crossed = await AwardAsync(memberId, 10, "staff-3");

        Assert.Empty(held.Refused);
        Assert.False(held.RanAlone);
        Assert.Equal((1995, 1, 1995, 1, 2), heldState); // the upgrade to 2, then staff's change to 1
        Assert.Empty(crossed.Refused);
        Assert.Equal(Shared, crossed.RanAlone);
        Assert.Equal((2005, 3, 2005, 3, 3), await StateAsync(memberId, "staff-3"));
    }

    [Fact]
    public async Task A_level_below_the_growth_not_set_by_staff_catches_up()
    {
        // Growth earned before a tier existed: the row holds level 1 with growth for level 2.
        var memberId = await TierApi.CreateMemberAsync(_app);
        await TierApi.AdjustAsync(_app, memberId, 100, "catch-1");
        await TierApi.ScalarAsync(_app, "UPDATE tier_members SET growth_value = 700 WHERE member_id = @memberId", new { memberId });

        var (refused, alone) = await AwardAsync(memberId, 5, "catch-2");

        Assert.Empty(refused);
        Assert.Equal(Shared, alone);
        Assert.Equal((705, 2, 705, 2, 1), await StateAsync(memberId, "catch-2"));
    }
}
