using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Shop.CheckIn.Indexing;
using Shop.Framework.Hosting;
using Shop.Framework.Search;
using Shop.Framework.Seeding;
using Shop.Members.Indexing;
using Shop.Tiers.Services;

namespace Shop.Search.Tests;

/// <summary>
/// The members index as the modules feed it: each change queues the member in its own
/// transaction, the worker makes it searchable, and a rebuild from the database gives the same
/// documents. Runs on the real database (SQLite or PostgreSQL) and a Lucene index.
/// </summary>
public sealed class MemberDocumentTests : IDisposable
{
    private readonly MemberDocumentsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_member_who_registers_pays_with_a_coupon_earns_points_checks_in_and_levels_up_is_found_by_every_field()
    {
        var templateId = await _app.PublishProgrammesAsync();
        var (token, id) = await _app.RegisterAsync();
        await _app.UpdateProfileAsync(id, new { displayName = "李雷", city = "上海", gender = "male", birthday = "1990-05-17" });
        var couponId = await _app.ClaimAsync(token, templateId);
        _app.Clock.Advance(TimeSpan.FromHours(1));
        var paidAt = _app.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await _app.PayAsync(id, "o-1", 150_00, shippingFeeFen: 8_00, couponId); // 150 growth: level 2, whose gift is 50 points
        await _app.CheckInAsync(token); // 5 points, 1 growth

        await _app.Worker.DrainAsync();

        var expected = new Dictionary<string, object>
        {
            [MemberIndexFields.DisplayName] = "李雷",
            [MemberIndexFields.RegisteredAt] = MemberDocumentsApp.Start.ToUnixTimeMilliseconds(),
            [MemberIndexFields.Channel] = "dev",
            [MemberIndexFields.City] = "上海",
            [MemberIndexFields.Gender] = "male",
            [MemberIndexFields.BirthdayMonth] = 5L,
            [MemberIndexFields.TotalPaidFen] = 158_00L,
            [MemberIndexFields.OrderCount] = 1L,
            [MemberIndexFields.AverageOrderFen] = 158_00L,
            [MemberIndexFields.LargestOrderFen] = 158_00L,
            [MemberIndexFields.FirstOrderAt] = paidAt,
            [MemberIndexFields.LastOrderAt] = paidAt,
            [MemberIndexFields.RefundCount] = 0L,
            [MemberIndexFields.PointsBalance] = 55L, // order points stay pending for the after-sales window
            [MemberIndexFields.TierLevel] = 2L,
            [MemberIndexFields.GrowthValue] = 151L,
            [MemberIndexFields.LastCheckInAt] = DateTimeOffset.Parse("2026-11-23T00:00:00+08:00").ToUnixTimeMilliseconds(),
            [MemberIndexFields.Streak] = 1L,
            [MemberIndexFields.CouponOrders] = 1L,
            [MemberIndexFields.CouponUsageShare] = 1d,
        };
        var document = (await _app.BuildAsync([id])).Single();
        Assert.Equal(expected.OrderBy(f => f.Key), document.Fields.Where(f => f.Value is not null).Select(f => KeyValuePair.Create(f.Key, f.Value!)).OrderBy(f => f.Key));
        await AssertSearchableAsync(id, expected);
        Assert.Equal(1, await _app.CountAsync(new BoolQuery
        {
            Filter = [new TermQuery(MemberIndexFields.City, "上海"), new RangeQuery(MemberIndexFields.TierLevel) { Gte = "2" }, new RangeQuery(MemberIndexFields.CouponUsageShare) { Gte = "0.8" }],
        }));
    }

    [Fact]
    public async Task Refunds_lower_total_paid_and_count_as_refunds_once_the_worker_has_run()
    {
        var (_, id) = await _app.RegisterAsync();
        await _app.PayAsync(id, "o-1", 100_00);
        await _app.PayAsync(id, "o-2", 60_00);
        await _app.Worker.DrainAsync();
        await AssertSearchableAsync(id, new()
        {
            [MemberIndexFields.TotalPaidFen] = 160_00L, [MemberIndexFields.OrderCount] = 2L, [MemberIndexFields.RefundCount] = 0L,
            [MemberIndexFields.AverageOrderFen] = 80_00L, [MemberIndexFields.LargestOrderFen] = 100_00L, [MemberIndexFields.CouponOrders] = 0L,
            [MemberIndexFields.CouponUsageShare] = 0d,
        });

        await _app.RefundAsync("o-1", "r-1", 30_00);
        Assert.Equal(new[] { id }, await _app.FindAsync(new TermQuery(MemberIndexFields.TotalPaidFen, "16000"))); // not applied yet
        await _app.Worker.DrainAsync();
        await AssertSearchableAsync(id, new() { [MemberIndexFields.TotalPaidFen] = 130_00L, [MemberIndexFields.RefundCount] = 1L, [MemberIndexFields.OrderCount] = 2L });

        // Half a yuan earns neither points nor growth, so only the order intake itself queues the member.
        await _app.PayAsync(id, "o-3", 50);
        await _app.Worker.DrainAsync();
        await AssertSearchableAsync(id, new() { [MemberIndexFields.TotalPaidFen] = 130_50L, [MemberIndexFields.OrderCount] = 3L });
        await _app.RefundAsync("o-3", "r-3", 50);
        await _app.Worker.DrainAsync();
        // The average and the largest order describe what was bought; only the total is net of refunds.
        await AssertSearchableAsync(id, new()
        {
            [MemberIndexFields.TotalPaidFen] = 130_00L, [MemberIndexFields.RefundCount] = 2L, [MemberIndexFields.AverageOrderFen] = 53_50L,
            [MemberIndexFields.LargestOrderFen] = 100_00L,
        });
        Assert.Empty(await _app.FindAsync(new TermQuery(MemberIndexFields.TotalPaidFen, "13050")));
    }

    [Fact]
    public async Task A_change_is_searchable_only_after_the_worker_runs()
    {
        var (_, id) = await _app.RegisterAsync();
        await _app.Worker.DrainAsync();
        Assert.Equal(new[] { id }, await _app.FindAsync(new TermQuery(MemberIndexFields.OrderCount, "0")));
        Assert.Equal(0, await _app.PendingAsync(id));

        await _app.UpdateProfileAsync(id, new { city = "杭州" });

        Assert.Equal(1, await _app.PendingAsync(id));
        Assert.Empty(await _app.FindAsync(new TermQuery(MemberIndexFields.City, "杭州")));
        Assert.Equal(1, await _app.Worker.RunOnceAsync());
        Assert.Equal(new[] { id }, await _app.FindAsync(new TermQuery(MemberIndexFields.City, "杭州")));
        Assert.Equal(0, await _app.PendingAsync(id));
    }

    [Fact]
    public async Task A_rebuild_produces_the_same_documents_as_incremental_indexing()
    {
        var templateId = await _app.PublishProgrammesAsync();
        var (shopper, shopperId) = await _app.RegisterAsync();
        await _app.UpdateProfileAsync(shopperId, new { city = "北京", gender = "female", birthday = "1988-12-01" });
        await _app.PayAsync(shopperId, "a-1", 120_00, 0, await _app.ClaimAsync(shopper, templateId));
        await _app.PayAsync(shopperId, "a-2", 40_00);
        await _app.CheckInAsync(shopper);
        var (_, newcomerId) = await _app.RegisterAsync();
        var (checker, checkerId) = await _app.RegisterAsync();
        await _app.CheckInAsync(checker);
        var (_, refunderId) = await _app.RegisterAsync();
        await _app.PayAsync(refunderId, "b-1", 99_00, 10_00);
        await _app.RefundAsync("b-1", "rb-1", 99_00);
        string[] ids = [shopperId, newcomerId, checkerId, refunderId];

        await _app.Worker.DrainAsync();
        var documents = await _app.BuildAsync(ids);
        var incremental = await SnapshotAsync(documents);
        foreach (var document in documents)
            await AssertSearchableAsync(document.Id, document.Fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!));

        Assert.True(await _app.Rebuilder.TryClaimAsync(SearchIndexes.Members));
        await _app.Rebuilder.RunAsync(SearchIndexes.Members);

        Assert.Equal(incremental, await SnapshotAsync(documents));
        Assert.Equal(ids.Length, await _app.CountAsync(new MatchAllQuery()));
    }

    [Fact]
    public async Task A_streak_that_lapses_is_reindexed_once_on_the_day_it_ends()
    {
        await _app.PublishProgrammesAsync();
        var (token, id) = await _app.RegisterAsync();
        await _app.CheckInAsync(token); // Monday
        await _app.Worker.DrainAsync();
        Assert.Equal(new[] { id }, await _app.FindAsync(new TermQuery(MemberIndexFields.Streak, "1")));

        _app.Clock.Advance(TimeSpan.FromDays(1)); // Tuesday: the run can still go on
        Assert.Equal(0, await QueueLapsedAsync());
        _app.Clock.Advance(TimeSpan.FromDays(1)); // Wednesday: Tuesday passed without a check-in
        Assert.Equal(1, await QueueLapsedAsync());
        Assert.Equal(0, await QueueLapsedAsync());
        Assert.Equal(new[] { id }, await _app.FindAsync(new TermQuery(MemberIndexFields.Streak, "1"))); // until the worker runs

        await _app.Worker.DrainAsync();
        Assert.Equal(new[] { id }, await _app.FindAsync(new TermQuery(MemberIndexFields.Streak, "0")));
        Assert.Equal(new[] { id }, await _app.FindAsync(new TermQuery(MemberIndexFields.LastCheckInAt, "2026-11-23T00:00:00+08:00")));
    }

    [Fact]
    public async Task One_transaction_queues_a_member_once_and_a_rolled_back_one_does_not_hide_the_next()
    {
        await _app.PublishProgrammesAsync();
        var (_, id) = await _app.RegisterAsync();
        await _app.Worker.DrainAsync();

        // Growth that upgrades: the growth entry, the level change and the gift points each queue the member.
        await _app.InScopeAsync(async (sp, db) =>
        {
            var result = await db.InTransactionAsync(() =>
                sp.GetRequiredService<IGrowthLedger>().AddAsync(new GrowthGrant(id, 150, "test", "t-1", "t-1", "test")));
            Assert.Equal(2, result.Level);
            Assert.Equal(1, await _app.PendingAsync(id));

            var queue = sp.GetRequiredService<MemberDocumentQueue>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTransactionAsync(async () =>
            {
                await queue.EnqueueAsync(id);
                throw new InvalidOperationException("the change failed");
            }));
            await db.InTransactionAsync(() => queue.EnqueueAsync(id));
            return 0;
        });
        Assert.Equal(2, await _app.PendingAsync(id));
    }

    [Fact]
    public async Task A_member_whose_row_is_gone_leaves_the_index()
    {
        var (_, id) = await _app.RegisterAsync();
        var (_, other) = await _app.RegisterAsync();
        await _app.Worker.DrainAsync();
        await _app.InScopeAsync(async (sp, db) =>
        {
            await db.InTransactionAsync(async () =>
            {
                await db.ExecuteAsync("DELETE FROM members WHERE id = @id", new { id });
                await sp.GetRequiredService<MemberDocumentQueue>().EnqueueAsync(id);
            });
            return 0;
        });

        await _app.Worker.DrainAsync();

        Assert.Equal(new[] { other }, await _app.FindAsync(new MatchAllQuery()));
    }

    [Fact]
    public async Task Demo_data_written_straight_into_the_tables_is_searchable_once_seeding_ends()
    {
        _ = _app.Server;
        await _app.Services.GetRequiredService<ShopInitializer>().SeedDemoAsync(new SeedOptions(30), CancellationToken.None, onlyWhenEmpty: false);

        Assert.Equal(30, await _app.InScopeAsync((_, db) => db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM members")));
        Assert.Equal(30, await _app.CountAsync(new ExistsQuery(MemberIndexFields.TierLevel)));
    }

    private Task<int> QueueLapsedAsync() => _app.InScopeAsync((sp, _) => sp.GetRequiredService<StreakLapses>().QueueLapsedAsync());

    /// <summary>Asserts that searching each field for the given value finds the member (the exact value, not a range).</summary>
    private async Task AssertSearchableAsync(string memberId, Dictionary<string, object> fields)
    {
        var definition = await _app.DefinitionAsync();
        var missed = new List<string>();
        foreach (var (name, value) in fields)
            if (!(await _app.FindAsync(Exactly(definition.RequireField(name), value))).Contains(memberId)) missed.Add($"{name}={value}");
        Assert.Empty(missed);
    }

    /// <summary>What the live index answers for each field's presence and for each value the documents hold.</summary>
    private async Task<SortedDictionary<string, string>> SnapshotAsync(IReadOnlyList<SearchDocument> documents)
    {
        var definition = await _app.DefinitionAsync();
        var answers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in definition.Fields)
        {
            answers[$"{field.Name} exists"] = string.Join(",", await _app.FindAsync(new ExistsQuery(field.Name)));
            foreach (var value in documents.Select(d => d.Fields.GetValueOrDefault(field.Name)).OfType<object>().Distinct())
                answers[$"{field.Name}={value}"] = string.Join(",", await _app.FindAsync(Exactly(field, value)));
        }
        return answers;
    }

    private static SearchQuery Exactly(SearchField field, object value)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)!;
        return field.Type switch
        {
            SearchFieldType.Text => new MatchQuery(field.Name, text),
            SearchFieldType.Double => new RangeQuery(field.Name) { Gte = ((double)value).ToString("R", CultureInfo.InvariantCulture), Lte = ((double)value).ToString("R", CultureInfo.InvariantCulture) },
            _ => new TermQuery(field.Name, text),
        };
    }
}
