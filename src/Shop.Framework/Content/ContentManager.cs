using System.Text.Json;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;

namespace Shop.Framework.Content;

/// <summary>
/// Draft/publish lifecycle of content items. Every version is a row: editing a published item
/// creates a new draft version (the published one keeps serving), publishing flips the flags
/// in one transaction, archiving hides the item without deleting its history.
/// </summary>
public sealed class ContentManager(DbSession db, ContentTypeRegistry types, IServiceProvider services, IEnumerable<IContentHandler> handlers,
    PublishedContentCache published, TimeProvider clock)
{
    private const string Columns =
        "item_id AS ItemId, version_id AS VersionId, content_type AS ContentType, version AS Version, latest AS Latest, published AS Published, " +
        "archived AS Archived, display_text AS DisplayText, data AS Data, created_at AS CreatedAt, modified_at AS ModifiedAt, " +
        "published_at AS PublishedAt, author AS Author";

    public async Task<ContentResult> CreateAsync(string contentType, object model, string author)
    {
        var definition = types.Get(contentType);
        var errors = await ValidateAsync(definition, model);
        if (errors.Count > 0) return new ContentResult(null, errors);
        var now = clock.NowMs();
        var item = new ContentItem
        {
            ItemId = Ids.New("ci"),
            VersionId = Ids.New("cv"),
            ContentType = contentType,
            Version = 1,
            Latest = true,
            DisplayText = Truncate(definition.DisplayText(model)),
            Data = JsonSerializer.Serialize(model, definition.ModelType, ContentJson.Options),
            CreatedAt = now,
            ModifiedAt = now,
            Author = author,
        };
        await db.ExecuteAsync(
            "INSERT INTO content_items (version_id, item_id, content_type, version, latest, published, archived, display_text, data, created_at, modified_at, published_at, author) " +
            "VALUES (@VersionId, @ItemId, @ContentType, @Version, @Latest, @Published, @Archived, @DisplayText, @Data, @CreatedAt, @ModifiedAt, @PublishedAt, @Author)", item);
        return ContentResult.Ok(item);
    }

    /// <summary>Replaces the draft's data; when the head is published, a new draft version is started.</summary>
    public async Task<ContentResult> UpdateAsync(string contentType, string itemId, object model, string author)
    {
        var definition = types.Get(contentType);
        var errors = await ValidateAsync(definition, model);
        if (errors.Count > 0) return new ContentResult(null, errors);
        var now = clock.NowMs();
        var data = JsonSerializer.Serialize(model, definition.ModelType, ContentJson.Options);
        var displayText = Truncate(definition.DisplayText(model));
        return await db.InTransactionAsync(() => OnHeadAsync(contentType, itemId, async latest =>
        {
            if (latest.Archived) return ContentResult.Fail(ErrorCodes.Conflict, "Archived items cannot be edited.", "id");
            if (!latest.Published)
            {
                // Only a draft head is edited in place. A publish that committed since the read
                // leaves no row here; the retry then starts a new draft on top of it.
                var edited = await db.ExecuteAsync(
                    "UPDATE content_items SET data = @data, display_text = @displayText, modified_at = @now, author = @author " +
                    "WHERE version_id = @VersionId AND latest = @t AND published = @f AND archived = @f",
                    new { data, displayText, now, author, latest.VersionId, t = true, f = false });
                return edited == 0 ? null : ContentResult.Ok(latest with { Data = data, DisplayText = displayText, ModifiedAt = now, Author = author });
            }
            var draft = latest with
            {
                VersionId = Ids.New("cv"), Version = latest.Version + 1, Latest = true, Published = false,
                Data = data, DisplayText = displayText, ModifiedAt = now, PublishedAt = null, Author = author,
            };
            // Guarded, so a concurrent second "new draft" or an archive that committed first is
            // seen (and retried) instead of forking history or reviving an archived item; the
            // unique (item_id, version) index backs it.
            var moved = await db.ExecuteAsync("UPDATE content_items SET latest = @f WHERE version_id = @VersionId AND latest = @t AND archived = @f",
                new { latest.VersionId, f = false, t = true });
            if (moved == 0) return null;
            await db.ExecuteAsync(
                "INSERT INTO content_items (version_id, item_id, content_type, version, latest, published, archived, display_text, data, created_at, modified_at, published_at, author) " +
                "VALUES (@VersionId, @ItemId, @ContentType, @Version, @Latest, @Published, @Archived, @DisplayText, @Data, @CreatedAt, @ModifiedAt, @PublishedAt, @Author)", draft);
            return ContentResult.Ok(draft);
        }));
    }

    /// <summary>
    /// Reads the head and hands it to <paramref name="attempt"/>, whose writes are guarded on the
    /// head being as read. A null from it means a concurrent publish, edit or archive committed
    /// first (on PostgreSQL the guarded statement waits for that transaction, then matches no
    /// row): the head is read again and the attempt runs as if it had come after the other one.
    /// </summary>
    private async Task<ContentResult> OnHeadAsync(string contentType, string itemId, Func<ContentItem, Task<ContentResult?>> attempt)
    {
        for (var tries = 0; tries < 3; tries++)
        {
            var head = await GetAsync(contentType, itemId, latest: true);
            if (head is null) return NotFound(itemId);
            if (await attempt(head) is { } result) return result;
        }
        return ContentResult.Fail(ErrorCodes.Conflict, "The item changed meanwhile; reload and retry.", "id");
    }

    /// <summary>
    /// Publishes the head. A handler's refusal rolls back whatever handlers did before it (a
    /// guarded stock update, say), so a refused publish leaves no trace. That needs the publish
    /// to be its own transaction: every caller (edit pages, GraphQL, seeders) starts it outside one.
    /// </summary>
    public async Task<ContentResult> PublishAsync(string contentType, string itemId, string author)
    {
        try
        {
            return await PublishInTransactionAsync(contentType, itemId, author);
        }
        catch (PublishRefused refused)
        {
            return new ContentResult(null, refused.Errors);
        }
    }

    private sealed class PublishRefused(IReadOnlyList<UserError> errors) : Exception("Publish refused")
    {
        public IReadOnlyList<UserError> Errors { get; } = errors;
    }

    private Task<ContentResult> PublishInTransactionAsync(string contentType, string itemId, string author) =>
        db.InTransactionAsync(() => OnHeadAsync(contentType, itemId, async latest =>
        {
            if (latest.Published) return ContentResult.Ok(latest);
            // Claims the head before anything else: only the latest, still unpublished version
            // matches, and the row stays locked to this publish. A concurrent publish of the same
            // draft waits here and, once this one commits, finds it published and returns it
            // without running the handlers again; a publish that read a head an edit has since
            // replaced cannot go live over (and unpublish) a newer version. Nothing is flipped
            // yet, so PublishingAsync still sees the published state as it was.
            var claimed = await db.ExecuteAsync("UPDATE content_items SET published = @f WHERE version_id = @VersionId AND latest = @t AND published = @f",
                new { latest.VersionId, f = false, t = true });
            if (claimed == 0) return null;
            foreach (var handler in handlers)
            {
                var refused = await handler.PublishingAsync(latest);
                if (refused.Count > 0) throw new PublishRefused(refused);
            }
            var now = clock.NowMs();
            await db.ExecuteAsync("UPDATE content_items SET published = @f WHERE item_id = @itemId AND published = @t", new { itemId, f = false, t = true });
            await db.ExecuteAsync(
                "UPDATE content_items SET published = @t, archived = @f, published_at = @now, author = @author WHERE version_id = @VersionId",
                new { latest.VersionId, now, author, f = false, t = true });
            var publishedItem = latest with { Published = true, Archived = false, PublishedAt = now, Author = author };
            foreach (var handler in handlers) await handler.PublishedAsync(publishedItem);
            await db.AfterCommitAsync(() => { published.Invalidate(contentType); return Task.CompletedTask; });
            return ContentResult.Ok(publishedItem);
        }));

    /// <summary>
    /// Archives the head (guarded like publishing: a concurrent archive runs the handlers once, and
    /// a head an edit replaced meanwhile is re-read rather than archived behind the new draft),
    /// then takes the item's published version offline.
    /// </summary>
    public Task<ContentResult> ArchiveAsync(string contentType, string itemId, string author) =>
        db.InTransactionAsync(() => OnHeadAsync(contentType, itemId, async latest =>
        {
            if (latest.Archived) return ContentResult.Ok(latest);
            var now = clock.NowMs();
            var claimed = await db.ExecuteAsync(
                "UPDATE content_items SET archived = @t, published = @f, modified_at = @now, author = @author WHERE version_id = @VersionId AND latest = @t AND archived = @f",
                new { latest.VersionId, now, author, t = true, f = false });
            if (claimed == 0) return null;
            await db.ExecuteAsync("UPDATE content_items SET published = @f WHERE item_id = @itemId AND published = @t", new { itemId, f = false, t = true });
            var archived = latest with { Published = false, Archived = true, ModifiedAt = now, Author = author };
            foreach (var handler in handlers) await handler.ArchivedAsync(archived);
            await db.AfterCommitAsync(() => { published.Invalidate(contentType); return Task.CompletedTask; });
            return ContentResult.Ok(archived);
        }));

    /// <summary>The editable head (<paramref name="latest"/>) or the version storefronts see.</summary>
    public Task<ContentItem?> GetAsync(string contentType, string itemId, bool latest) =>
        db.QuerySingleOrDefaultAsync<ContentItem>(
            $"SELECT {Columns} FROM content_items WHERE content_type = @contentType AND item_id = @itemId AND {(latest ? "latest" : "published")} = @t",
            new { contentType, itemId, t = true });

    /// <summary>
    /// One version of an item, whatever the item's head is now: work that started under a version
    /// (an audience job) keeps reading that one. A published version's data is never rewritten.
    /// </summary>
    public Task<ContentItem?> VersionAsync(string contentType, string itemId, string versionId) =>
        db.QuerySingleOrDefaultAsync<ContentItem>(
            $"SELECT {Columns} FROM content_items WHERE content_type = @contentType AND item_id = @itemId AND version_id = @versionId",
            new { contentType, itemId, versionId });

    /// <summary>
    /// All published items of a type, for modules that read configuration; served from
    /// <see cref="PublishedContentCache"/>. Pass <paramref name="fresh"/> where a rule must see
    /// the committed state under its own lock (checks that span items at publish time).
    /// </summary>
    public Task<IReadOnlyList<ContentItem>> ListPublishedAsync(string contentType, bool fresh = false) =>
        fresh ? LoadPublishedAsync(contentType) : published.GetOrLoadAsync(contentType, () => LoadPublishedAsync(contentType));

    /// <summary>
    /// For settings-like types (a programme) that have one item in force: the most recently
    /// published one, or null when none is.
    /// </summary>
    public async Task<ContentItem?> InForceAsync(string contentType) =>
        (await ListPublishedAsync(contentType)).OrderByDescending(i => i.PublishedAt).ThenByDescending(i => i.VersionId).FirstOrDefault();

    /// <summary>
    /// The head a settings page edits: the item in force, else the newest item not archived.
    /// </summary>
    public async Task<ContentItem?> InForceHeadAsync(string contentType)
    {
        var live = await InForceAsync(contentType);
        if (live is not null) return await GetAsync(contentType, live.ItemId, latest: true);
        var (heads, _) = await ListAsync(contentType, null, null, new PageRequest(20, null));
        return heads.FirstOrDefault(h => !h.Archived);
    }

    /// <summary>
    /// Saves a settings page: updates <see cref="InForceHeadAsync"/> (creating the item when there
    /// is none) and, when asked, publishes the saved version.
    /// </summary>
    public async Task<ContentResult> SaveInForceAsync(string contentType, object model, string author, bool publish) =>
        await SaveAsync(contentType, (await InForceHeadAsync(contentType))?.ItemId, model, author, publish);

    /// <summary>
    /// What an edit form's "Save draft" / "Save and publish" does: creates the item (no
    /// <paramref name="itemId"/>) or updates its head, then publishes when asked. A refused publish
    /// returns its errors with the saved draft as <see cref="ContentResult.Item"/>, so the form
    /// stays on the item it just saved.
    /// </summary>
    public async Task<ContentResult> SaveAsync(string contentType, string? itemId, object model, string author, bool publish)
    {
        var saved = itemId is null
            ? await CreateAsync(contentType, model, author)
            : await UpdateAsync(contentType, itemId, model, author);
        if (saved.Errors.Count > 0 || !publish) return saved;
        var published = await PublishAsync(contentType, saved.Item!.ItemId, author);
        return published.Errors.Count > 0 ? published with { Item = saved.Item } : published;
    }

    /// <summary>Creates and publishes an item that must be valid (demo seeders); anything refused is a bug, so it throws.</summary>
    public async Task<ContentItem> PublishNewAsync(string contentType, object model, string author)
    {
        var result = await SaveAsync(contentType, null, model, author, publish: true);
        return result.Errors.Count == 0
            ? result.Item!
            : throw new InvalidOperationException($"{contentType} refused: {string.Join(" ", result.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
    }

    private async Task<IReadOnlyList<ContentItem>> LoadPublishedAsync(string contentType) =>
        (await db.QueryAsync<ContentItem>(
            $"SELECT {Columns} FROM content_items WHERE content_type = @contentType AND published = @t ORDER BY item_id",
            new { contentType, t = true })).ToList();

    /// <summary>One page of heads, newest first, optionally filtered by status and a display-text search.</summary>
    public async Task<(IReadOnlyList<ContentItem> Rows, int Total)> ListAsync(string contentType, ContentStatus? status, string? search, PageRequest page)
    {
        var where = "content_type = @contentType AND latest = @t";
        where += status switch
        {
            ContentStatus.Archived => " AND archived = @t",
            ContentStatus.Published => " AND item_id IN (SELECT item_id FROM content_items WHERE content_type = @contentType AND published = @t)",
            ContentStatus.Draft => " AND published = @f AND archived = @f",
            _ => "",
        };
        if (!string.IsNullOrWhiteSpace(search)) where += " AND LOWER(display_text) LIKE @search ESCAPE '\\'";
        var args = new { contentType, t = true, f = false, search = SqlLike.Containing(search?.Trim().ToLowerInvariant() ?? ""), after = page.AfterKey, take = page.First + 1 };
        var total = await db.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM content_items WHERE {where}", args);
        var rows = await db.QueryAsync<ContentItem>(
            $"SELECT {Columns} FROM content_items WHERE {where} {(page.AfterKey is null ? "" : "AND item_id < @after")} ORDER BY item_id DESC LIMIT @take", args);
        return (rows.ToList(), total);
    }

    private async Task<List<UserError>> ValidateAsync(ContentTypeDefinition definition, object model)
    {
        var validator = (IValidator)services.GetRequiredService(typeof(IValidator<>).MakeGenericType(definition.ModelType));
        var result = await validator.ValidateAsync(new ValidationContext<object>(model));
        return result.Errors.Select(e => new UserError(ErrorCodes.Validation, e.ErrorMessage, FieldPath(e.PropertyName))).ToList();
    }

    /// <summary>"Benefits[0].DiscountPercent" → "benefits[0].discountPercent", matching the GraphQL input.</summary>
    public static string FieldPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(s => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..]));

    private static ContentResult NotFound(string itemId) => ContentResult.Fail(ErrorCodes.NotFound, $"No content item '{itemId}'.", "id");

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];
}
