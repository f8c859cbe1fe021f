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

    public T As<T>() => JsonSerializer.Deserialize<T>(Data, ContentJson.Options)!;

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
