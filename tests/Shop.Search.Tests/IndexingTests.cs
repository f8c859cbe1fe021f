using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Framework.Search;

namespace Shop.Search.Tests;

/// <summary>The indexing queue, the worker, rebuilds and the admin API, on the real database and a Lucene index.</summary>
public sealed class IndexingTests : IDisposable
{
    private readonly SearchApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_change_is_searchable_after_the_worker_runs_with_contributed_fields()
    {
        await _app.AddMemberAsync("李雷", "上海");
        await _app.AddMemberAsync("Han Meimei", "北京");
        Assert.Equal(2, await _app.PendingAsync());

        Assert.Equal(2, await _app.Worker.RunOnceAsync());

        Assert.Equal(0, await _app.PendingAsync());
        Assert.Equal(1, await _app.CountAsync(new TermQuery("city", "上海")));
        Assert.Equal(1, await _app.CountAsync(new RangeQuery("nameLength") { Gte = "10" }));
        Assert.Equal(1, await _app.CountAsync(new MatchQuery("name", "meimei")));
    }

    [Fact]
    public async Task A_task_rolls_back_with_its_change_and_enqueueing_an_undefined_index_does_nothing()
    {
        await _app.InScopeAsync(async (sp, db) =>
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTransactionAsync(async () =>
            {
                await sp.GetRequiredService<IIndexingQueue>().EnqueueAsync(MemberCitiesSource.Index, "mem_x");
                throw new InvalidOperationException("the change failed");
            }));
            await db.InTransactionAsync(() => sp.GetRequiredService<IIndexingQueue>().EnqueueAsync("no-such-index", "mem_y"));
            return 0;
        });
        Assert.Equal(0, await _app.InScopeAsync((_, db) => db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM search_tasks")));
    }

    [Fact]
    public async Task A_list_is_queued_once_per_document_in_its_order_also_outside_a_transaction()
    {
        var ids = Enumerable.Range(0, 1500).Select(i => $"mem_{1500 - i:D5}").ToList();
        await _app.InScopeAsync(async (sp, db) =>
        {
            await sp.GetRequiredService<IIndexingQueue>().EnqueueManyAsync(MemberCitiesSource.Index, [.. ids, ids[0], ids[1]]);
            return true;
        });

        var queued = await _app.InScopeAsync(async (_, db) =>
            (await db.QueryAsync<string>("SELECT document_id FROM search_tasks WHERE index_name = @index ORDER BY seq", new { index = MemberCitiesSource.Index })).ToList());
        Assert.Equal(ids, queued);
    }

    [Fact]
    public async Task Repeated_changes_coalesce_deleted_rows_leave_the_index_and_the_cursor_advances()
    {
        var id = await _app.AddMemberAsync("Lucy", "广州");
        await _app.InScopeAsync(async (sp, db) =>
        {
            for (var i = 0; i < 4; i++)
                await db.InTransactionAsync(async () =>
                {
                    await db.ExecuteAsync("UPDATE members SET city = @city WHERE id = @id", new { id, city = $"city{i}" });
                    await sp.GetRequiredService<IIndexingQueue>().EnqueueAsync(MemberCitiesSource.Index, id);
                });
            return 0;
        });
        Assert.Equal(5, await _app.Worker.RunOnceAsync());
        Assert.Equal(1, await _app.CountAsync(new TermQuery("city", "city3")));
        Assert.Equal(0, await _app.CountAsync(new TermQuery("city", "广州")));
        var cursor = await _app.InScopeAsync((_, db) => db.ExecuteScalarAsync<long>("SELECT last_seq FROM search_cursors WHERE index_name = @i", new { i = MemberCitiesSource.Index }));
        var maxSeq = await _app.InScopeAsync((_, db) => db.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(seq), 0) FROM search_tasks"));
        Assert.True(cursor >= 5, $"cursor {cursor}");
        Assert.Equal(0, maxSeq);

        await _app.InScopeAsync(async (sp, db) =>
        {
            await db.InTransactionAsync(async () =>
            {
                await db.ExecuteAsync("DELETE FROM members WHERE id = @id", new { id });
                await sp.GetRequiredService<IIndexingQueue>().EnqueueAsync(MemberCitiesSource.Index, id);
            });
            return 0;
        });
        await _app.Worker.DrainAsync();
        Assert.Equal(0, await _app.CountAsync(new MatchAllQuery()));
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_a_batch_loses_nothing()
    {
        await _app.AddMemberAsync("A", "上海");
        await _app.AddMemberAsync("B", "上海");
        _app.Failures.FailNext = 1;

        await Assert.ThrowsAsync<IOException>(() => _app.Worker.RunOnceAsync());
        Assert.Equal(2, await _app.PendingAsync());

        await _app.Worker.RunOnceAsync();
        Assert.Equal(0, await _app.PendingAsync());
        Assert.Equal(2, await _app.CountAsync(new TermQuery("city", "上海")));
    }

    [Fact]
    public async Task A_rebuild_writes_every_row_into_a_fresh_index_and_changes_made_meanwhile_follow_after_the_swap()
    {
        for (var i = 0; i < 5; i++) await _app.AddMemberAsync($"m{i}", "上海");
        await _app.Worker.DrainAsync();
        await _app.InScopeAsync((_, db) => db.ExecuteAsync("UPDATE members SET city = '深圳'")); // unindexed drift the rebuild must repair

        Assert.True(await _app.Rebuilder.TryClaimAsync(MemberCitiesSource.Index));
        Assert.False(await _app.Rebuilder.TryClaimAsync(MemberCitiesSource.Index));
        var late = await _app.AddMemberAsync("late", "杭州");
        Assert.Equal(0, await _app.Worker.RunOnceAsync()); // the queue waits for the rebuild

        var reports = new List<(long, long)>();
        await _app.Rebuilder.RunAsync(MemberCitiesSource.Index, new Progress(reports.Add));

        Assert.Equal((6L, 6L), reports[^1]);
        Assert.Equal(6, await _app.CountAsync(new RangeQuery("nameLength") { Gte = "1" }));
        Assert.Equal(5, await _app.CountAsync(new TermQuery("city", "深圳")));
        Assert.Equal(1, await _app.Worker.RunOnceAsync());
        Assert.Equal(1, await _app.CountAsync(new TermQuery("city", "杭州")));
        Assert.NotNull(late);
    }

    [Fact]
    public async Task A_rebuild_of_many_batches_writes_each_member_once_and_a_write_that_fails_fails_it()
    {
        const int members = 2_600; // three batches, taken by two writers side by side
        await _app.InScopeAsync(async (_, db) => await db.InTransactionAsync(async () =>
        {
            for (var i = 0; i < members; i++)
                await db.ExecuteAsync("INSERT INTO members (id, display_name, city, registration_channel, created_at, updated_at) VALUES (@id, @name, '上海', 'test', 0, 0)",
                    new { id = Ids.New("mem"), name = $"member{i}" });
            return 0;
        }));

        Assert.True(await _app.Rebuilder.TryClaimAsync(MemberCitiesSource.Index));
        var reports = new List<(long, long)>();
        await _app.Rebuilder.RunAsync(MemberCitiesSource.Index, new Progress(reports.Add));
        Assert.Equal(((long)members, (long)members), reports[^1]);
        Assert.Equal(members, await _app.CountAsync(new MatchAllQuery())); // a batch written twice would add its documents again
        Assert.Equal(members, await _app.CountAsync(new TermQuery("city", "上海")));
        Assert.Equal(1_600, await _app.CountAsync(new RangeQuery("nameLength") { Gte = "10" })); // member1000 .. member2599

        // A document the index refuses fails the rebuild with its own error (not the other writer's
        // cancellation), the rebuild is recorded as failed, and the live index stays as it was.
        _app.Failures.Unindexable = "member2000";
        Assert.True(await _app.Rebuilder.TryClaimAsync(MemberCitiesSource.Index));
        var failure = await Assert.ThrowsAsync<SearchQueryException>(() => _app.Rebuilder.RunAsync(MemberCitiesSource.Index));
        Assert.Contains("nameLength", failure.Message);
        var state = await _app.InScopeAsync((_, db) => db.ExecuteScalarAsync<string>("SELECT state FROM search_rebuilds WHERE index_name = @i", new { i = MemberCitiesSource.Index }));
        Assert.Equal("failed", state);
        Assert.Equal(members, await _app.CountAsync(new MatchAllQuery()));
    }

    [Fact]
    public async Task A_rebuild_that_dies_leaves_the_live_index_and_a_later_one_completes()
    {
        await _app.AddMemberAsync("A", "上海");
        await _app.Worker.DrainAsync();
        Assert.True(await _app.Rebuilder.TryClaimAsync(MemberCitiesSource.Index));
        _app.Failures.FailNext = 1;

        await Assert.ThrowsAsync<IOException>(() => _app.Rebuilder.RunAsync(MemberCitiesSource.Index));

        Assert.Equal(1, await _app.CountAsync(new TermQuery("city", "上海")));
        var state = await _app.InScopeAsync((_, db) => db.ExecuteScalarAsync<string>("SELECT state FROM search_rebuilds WHERE index_name = @i", new { i = MemberCitiesSource.Index }));
        Assert.Equal("failed", state);
        await _app.AddMemberAsync("B", "上海");
        Assert.Equal(1, await _app.Worker.RunOnceAsync());
        Assert.True(await _app.Rebuilder.TryClaimAsync(MemberCitiesSource.Index));
        await _app.Rebuilder.RunAsync(MemberCitiesSource.Index);
        Assert.Equal(2, await _app.CountAsync(new TermQuery("city", "上海")));
    }

    [Fact]
    public async Task A_rebuild_claimed_while_the_worker_applies_a_batch_keeps_the_batch_queued_for_the_new_index()
    {
        await _app.AddMemberAsync("A", "上海");
        // Another node claims a rebuild after the worker checked for one and before it deletes its tasks.
        _app.Failures.WhileBuilding = async () => Assert.True(await _app.Rebuilder.TryClaimAsync(MemberCitiesSource.Index));

        var applied = await _app.Worker.RunOnceAsync();
        var queuedDuringRebuild = await _app.PendingAsync();
        await _app.Rebuilder.RunAsync(MemberCitiesSource.Index);
        var afterSwap = await _app.Worker.RunOnceAsync();

        Assert.Equal(0, applied);
        Assert.Equal(1, queuedDuringRebuild);
        Assert.Equal(1, afterSwap);
        Assert.Equal(0, await _app.PendingAsync());
        Assert.Equal(1, await _app.CountAsync(new TermQuery("city", "上海")));
    }

    [Fact]
    public async Task A_rebuild_given_up_for_a_stale_heartbeat_does_not_swap_when_it_comes_back()
    {
        await _app.AddMemberAsync("A", "上海");
        await _app.Worker.DrainAsync();
        Assert.True(await _app.Rebuilder.TryClaimAsync(MemberCitiesSource.Index));
        var queueMovedOn = 0;
        // While the rebuild builds its first batch it stalls past the stale bound; meanwhile B joins
        // and the queue, no longer held, applies B to the live index and deletes its task.
        _app.Failures.WhileBuilding = async () =>
        {
            await _app.InScopeAsync((_, db) => db.ExecuteAsync("UPDATE search_rebuilds SET heartbeat_at = 0 WHERE index_name = @i", new { i = MemberCitiesSource.Index }));
            await _app.AddMemberAsync("B", "杭州");
            queueMovedOn = await _app.Worker.RunOnceAsync();
        };

        var resumed = await Assert.ThrowsAsync<InvalidOperationException>(() => _app.Rebuilder.RunAsync(MemberCitiesSource.Index));
        var state = await _app.InScopeAsync((_, db) => db.ExecuteScalarAsync<string>("SELECT state FROM search_rebuilds WHERE index_name = @i", new { i = MemberCitiesSource.Index }));

        Assert.Equal(1, queueMovedOn);
        Assert.Contains("given up", resumed.Message);
        Assert.Equal("failed", state);
        Assert.Equal(1, await _app.CountAsync(new TermQuery("city", "杭州"))); // the live index kept B
        Assert.True(await _app.Rebuilder.TryClaimAsync(MemberCitiesSource.Index));
        await _app.Rebuilder.RunAsync(MemberCitiesSource.Index);
        Assert.Equal(2, await _app.CountAsync(new MatchAllQuery()));
    }

    [Fact]
    public async Task A_rebuild_whose_process_died_stops_blocking_after_its_heartbeat_goes_stale()
    {
        await _app.InScopeAsync((_, db) => db.ExecuteAsync(
            "INSERT INTO search_rebuilds (index_name, state, done, total, started_at, heartbeat_at) VALUES (@i, 'running', 3, 10, 0, 0)",
            new { i = MemberCitiesSource.Index }));
        await _app.AddMemberAsync("A", "上海");
        Assert.Equal(1, await _app.Worker.RunOnceAsync());
        Assert.True(await _app.Rebuilder.TryClaimAsync(MemberCitiesSource.Index));
    }

    [Fact]
    public async Task Admins_see_index_status_and_start_a_rebuild_over_graphql()
    {
        await _app.AddMemberAsync("A", "上海");
        var status = await _app.AdminAsync("{ indexStatus { index provider documents pendingTasks cursor rebuildState } }");
        var row = status.Data!["indexStatus"]!.AsArray().Single(r => r!["index"]!.GetValue<string>() == MemberCitiesSource.Index)!;
        Assert.Equal(("Lucene", 0L, 1L), (row["provider"]!.GetValue<string>(), row["documents"]!.GetValue<long>(), row["pendingTasks"]!.GetValue<long>()));

        var unknown = await _app.AdminAsync("""mutation { indexRebuild(input: { index: "nope" }) { errors { code field } } }""");
        Assert.Equal("NOT_FOUND", unknown.Data!["indexRebuild"]!["errors"]![0]!["code"]!.GetValue<string>());

        var started = await _app.AdminAsync($$"""mutation { indexRebuild(input: { index: "{{MemberCitiesSource.Index}}" }) { index errors { code } } }""");
        Assert.Empty(started.Data!["indexRebuild"]!["errors"]!.AsArray());
        string? state = null;
        for (var i = 0; i < 100 && state != "done"; i++)
        {
            await Task.Delay(50);
            var poll = await _app.AdminAsync("{ indexStatus { index documents rebuildState rebuildDone rebuildTotal } }");
            var mine = poll.Data!["indexStatus"]!.AsArray().Single(r => r!["index"]!.GetValue<string>() == MemberCitiesSource.Index)!;
            state = mine["rebuildState"]?.GetValue<string>();
            if (state == "done") Assert.Equal((1L, 1L, 1L), (mine["documents"]!.GetValue<long>(), mine["rebuildDone"]!.GetValue<long>(), mine["rebuildTotal"]!.GetValue<long>()));
        }
        Assert.Equal("done", state);
    }

    [Fact]
    public async Task Readiness_includes_the_search_provider()
    {
        var response = await _app.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_admin_search_page_lists_indexes_and_starts_a_rebuild()
    {
        await _app.AddMemberAsync("A", "上海");
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", Shop.Testing.ShopAppFactory.ApiKey);
        var page = await client.GetStringAsync("/admin/search");
        Assert.Contains($"data-index=\"{MemberCitiesSource.Index}\"", page);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var posted = await client.PostAsync("/admin/search?handler=Rebuild", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["index"] = MemberCitiesSource.Index, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await client.GetStringAsync("/admin/search");
        Assert.Contains("Rebuilding", after);
    }

    private sealed class Progress(Action<(long, long)> report) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => report(value);
    }
}
