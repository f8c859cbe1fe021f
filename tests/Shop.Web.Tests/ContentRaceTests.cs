using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Testing;

namespace Shop.Web.Tests;

public sealed class RaceNote { public string Title { get; set; } = ""; }

public sealed class RaceNoteValidator : AbstractValidator<RaceNote> { public RaceNoteValidator() => RuleFor(n => n.Title).NotEmpty(); }

/// <summary>
/// Records every lifecycle event, refuses publishing a note titled "refuse", and pauses the first
/// call of one chosen event (inside the lifecycle transaction) until released.
/// </summary>
public sealed class GateContentHandler(string pauseOn) : IContentHandler
{
    public ConcurrentQueue<string> Events { get; } = new();
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _paused;

    public async Task<IReadOnlyList<UserError>> PublishingAsync(ContentItem item)
    {
        await PauseAsync("publishing");
        return item.DisplayText == "refuse" ? [new UserError(ErrorCodes.Conflict, "Refused.", "title")] : [];
    }

    public async Task PublishedAsync(ContentItem item)
    {
        Events.Enqueue($"published:v{item.Version}");
        await PauseAsync("published");
    }

    public async Task ArchivedAsync(ContentItem item)
    {
        Events.Enqueue($"archived:v{item.Version}");
        await PauseAsync("archived");
    }

    private async Task PauseAsync(string at)
    {
        if (at != pauseOn || Interlocked.Exchange(ref _paused, 1) == 1) return;
        Entered.TrySetResult();
        await Task.WhenAny(Release.Task, Task.Delay(5000));
    }
}

/// <summary>
/// Lifecycle operations on one item racing each other. On SQLite writers queue for the one write
/// slot; on PostgreSQL they overlap, and each guarded statement is what keeps the serial outcome.
/// </summary>
public class ContentRaceTests
{
    private const string Publish = "mutation($id: ID!) { raceNotePublish(input: {id: $id}) { item { version published } errors { code } } }";
    private const string Archive = "mutation($id: ID!) { raceNoteArchive(input: {id: $id}) { item { version status } errors { code } } }";
    private const string Edit = "mutation($id: ID!, $title: String!) { raceNoteUpdate(input: {id: $id, title: $title}) { item { version published } errors { code } } }";
    private const string Read = "query($id: ID!, $published: Boolean) { raceNote(id: $id, published: $published) { version displayText published status } }";

    private sealed record Race(GateContentHandler Handler, ShopAppFactory App, string Id) : IDisposable
    {
        public void Dispose() => App.Dispose();
    }

    /// <summary>An app with the note type and a handler pausing on <paramref name="pauseOn"/>, and one note, published when asked.</summary>
    private static async Task<Race> StartAsync(string pauseOn, string title, bool publish = false)
    {
        var handler = new GateContentHandler(pauseOn);
        var app = new ShopAppFactory().WithServices(s =>
        {
            s.AddContentType<RaceNote, RaceNoteValidator>("raceNote", "raceNotes", n => n.Title);
            s.AddSingleton<IContentHandler>(handler);
        });
        var created = await app.AdminAsync("mutation($title: String!) { raceNoteCreate(input: {title: $title}) { item { id } } }", new { title });
        var id = created.Data!["raceNoteCreate"]!["item"]!["id"]!.GetValue<string>();
        if (publish) await app.AdminAsync(Publish, new { id });
        return new Race(handler, app, id);
    }

    /// <summary>Starts <paramref name="first"/>, waits until it is paused inside its transaction, gives <paramref name="then"/> time to run into it, releases.</summary>
    private static async Task<T[]> RaceAsync<T>(GateContentHandler handler, Func<Task<T>> first, Func<Task<T>> then)
    {
        var a = first();
        await handler.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var b = then();
        await Task.WhenAny(b, Task.Delay(1500));
        handler.Release.TrySetResult();
        return await Task.WhenAll(a, b);
    }

    private static string Errors(GraphQLResponse response, string field) => response.Data![field]!["errors"]!.ToJsonString();

    private static JsonNode Item(GraphQLResponse response, string field) => response.Data![field]!["item"]!;

    /// <summary>The head, or with <paramref name="published"/> the version storefronts see (null when none).</summary>
    private static async Task<JsonNode?> ReadAsync(ShopAppFactory app, string id, bool published = false) =>
        (await app.AdminAsync(Read, new { id, published })).Data!["raceNote"];

    private static void AssertVersion(JsonNode? item, int version, string displayText)
    {
        Assert.Equal(version, item!["version"]!.GetValue<int>());
        Assert.Equal(displayText, item["displayText"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_edit_racing_a_publish_never_changes_the_published_version_in_place()
    {
        using var race = await StartAsync("published", "approved");
        var (handler, app, id) = race;

        var results = await RaceAsync(handler,
            () => app.AdminAsync(Publish, new { id }),
            () => app.AdminAsync(Edit, new { id, title = "unreviewed edit" }));

        Assert.Equal("[]", Errors(results[0], "raceNotePublish"));
        Assert.Equal("[]", Errors(results[1], "raceNoteUpdate"));
        // As if the edit came after the publish: a new draft on top of the published version.
        Assert.Equal(2, Item(results[1], "raceNoteUpdate")["version"]!.GetValue<int>());
        Assert.False(Item(results[1], "raceNoteUpdate")["published"]!.GetValue<bool>());
        AssertVersion(await ReadAsync(app, id, published: true), 1, "approved");
        AssertVersion(await ReadAsync(app, id), 2, "unreviewed edit");
    }

    [Fact]
    public async Task Two_concurrent_publishes_of_one_draft_run_the_publish_handlers_once()
    {
        using var race = await StartAsync("publishing", "x");
        var (handler, app, id) = race;

        var results = await RaceAsync(handler, () => app.AdminAsync(Publish, new { id }), () => app.AdminAsync(Publish, new { id }));

        Assert.Equal(["published:v1"], handler.Events);
        foreach (var result in results)
        {
            Assert.Equal("[]", Errors(result, "raceNotePublish"));
            Assert.True(Item(result, "raceNotePublish")["published"]!.GetValue<bool>());
            Assert.Equal(1, Item(result, "raceNotePublish")["version"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task A_publish_that_read_a_replaced_head_never_unpublishes_the_newer_version()
    {
        using var race = await StartAsync("publishing", "first");
        var (handler, app, id) = race;

        // While the first publish is inside its transaction, someone publishes, edits and publishes again.
        await RaceAsync(handler,
            () => app.AdminAsync(Publish, new { id }),
            async () =>
            {
                await app.AdminAsync(Publish, new { id });
                await app.AdminAsync(Edit, new { id, title = "second" });
                return await app.AdminAsync(Publish, new { id });
            });

        AssertVersion(await ReadAsync(app, id, published: true), 2, "second");
        Assert.Equal(["published:v1", "published:v2"], handler.Events);
    }

    [Fact]
    public async Task Two_concurrent_archives_run_the_archive_handlers_once()
    {
        using var race = await StartAsync("archived", "x", publish: true);
        var (handler, app, id) = race;

        var results = await RaceAsync(handler, () => app.AdminAsync(Archive, new { id }), () => app.AdminAsync(Archive, new { id }));

        Assert.Equal(["published:v1", "archived:v1"], handler.Events);
        foreach (var result in results)
        {
            Assert.Equal("[]", Errors(result, "raceNoteArchive"));
            Assert.Equal("ARCHIVED", Item(result, "raceNoteArchive")["status"]!.GetValue<string>());
        }
        Assert.Null(await ReadAsync(app, id, published: true));
    }

    [Fact]
    public async Task An_edit_racing_an_archive_does_not_bring_the_item_back_as_a_draft()
    {
        using var race = await StartAsync("archived", "x", publish: true);
        var (handler, app, id) = race;

        var results = await RaceAsync(handler,
            () => app.AdminAsync(Archive, new { id }),
            () => app.AdminAsync(Edit, new { id, title = "edited" }));

        // As if the edit came after the archive: refused, the item stays archived.
        Assert.Contains("CONFLICT", Errors(results[1], "raceNoteUpdate"));
        var head = await ReadAsync(app, id);
        Assert.Equal("ARCHIVED", head!["status"]!.GetValue<string>());
        AssertVersion(head, 1, "x");
    }

    [Fact]
    public async Task A_refused_publish_rolls_back_and_leaves_the_live_version_and_the_draft_as_they_were()
    {
        using var race = await StartAsync("none", "ok", publish: true);
        var (handler, app, id) = race;
        await app.AdminAsync(Edit, new { id, title = "refuse" });

        var refused = await app.AdminAsync(Publish, new { id });

        Assert.Contains("CONFLICT", Errors(refused, "raceNotePublish"));
        AssertVersion(await ReadAsync(app, id, published: true), 1, "ok");
        var head = await ReadAsync(app, id);
        AssertVersion(head, 2, "refuse");
        Assert.False(head!["published"]!.GetValue<bool>());
        // The refused draft can still be fixed and published.
        await app.AdminAsync(Edit, new { id, title = "fixed" });
        var published = await app.AdminAsync(Publish, new { id });
        Assert.Equal("[]", Errors(published, "raceNotePublish"));
        Assert.Equal(["published:v1", "published:v2"], handler.Events);
    }
}
