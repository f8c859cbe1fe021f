using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Shop.Framework.Content;

/// <summary>One version of a content item as stored. <see cref="Data"/> is the model's JSON.</summary>
public sealed record ContentItem
{
    public required string ItemId { get; init; }
    public required string VersionId { get; init; }
    public required string ContentType { get; init; }
    public int Version { get; init; }
    public bool Latest { get; init; }
    public bool Published { get; init; }
    public bool Archived { get; init; }
    public required string DisplayText { get; init; }
    public required string Data { get; init; }
    public long CreatedAt { get; init; }
    public long ModifiedAt { get; init; }
    public long? PublishedAt { get; init; }
    public required string Author { get; init; }

    /// <summary>A fresh copy of the model, the caller's to change (an edit form, a validator).</summary>
    public T As<T>() => JsonSerializer.Deserialize<T>(Data, ContentJson.Options)!;

    /// <summary>
    /// The model deserialized once per item object and shared by everyone who asks: for readers of
    /// published content, whose items <see cref="PublishedContentCache"/> hands to every request. The
    /// programmes and the tier ladder are read on every check-in and order; deserializing them each
    /// time cost more than some of the statements around them. Read it, never change it.
    /// </summary>
    public T Shared<T>() where T : class
    {
        if (SharedModels.TryGetValue(this, out var model) && model is T shared) return shared;
        var fresh = As<T>();
        SharedModels.AddOrUpdate(this, fresh);
        return fresh;
    }

    // Keyed by the object, not by record equality, and released with it when the cache drops the item.
    private static readonly ConditionalWeakTable<ContentItem, object> SharedModels = new();

    public ContentStatus Status => Archived ? ContentStatus.Archived : Published ? ContentStatus.Published : ContentStatus.Draft;
}

public enum ContentStatus
{
    Draft,
    Published,
    Archived,
}

public static class ContentJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
