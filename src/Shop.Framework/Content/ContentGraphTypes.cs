using GraphQL.Types;
using Shop.Framework.Data;

namespace Shop.Framework.Content;

public sealed class ContentStatusType : EnumerationGraphType<ContentStatus>
{
    public ContentStatusType() => Name = "ContentStatus";
}

/// <summary>The metadata every content item shows, plus its typed <c>data</c>.</summary>
public sealed class ContentItemGraphType<T> : ObjectGraphType<ContentItem>
{
    public ContentItemGraphType(string typeName)
    {
        Name = typeName + "Item";
        Description = $"A version of a {typeName} content item.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The item id (stable across versions).").Resolve(c => c.Source.ItemId);
        Field<NonNullGraphType<IdGraphType>>("versionId").Resolve(c => c.Source.VersionId);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<ContentStatusType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<BooleanGraphType>>("published").Resolve(c => c.Source.Published);
        Field<NonNullGraphType<BooleanGraphType>>("latest").Resolve(c => c.Source.Latest);
        Field<NonNullGraphType<StringGraphType>>("displayText").Resolve(c => c.Source.DisplayText);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => Instant.FromUnixMs(c.Source.CreatedAt));
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("modifiedAt").Resolve(c => Instant.FromUnixMs(c.Source.ModifiedAt));
        Field<DateTimeOffsetGraphType>("publishedAt").Resolve(c => Instant.FromUnixMs(c.Source.PublishedAt));
        Field<NonNullGraphType<StringGraphType>>("author").Resolve(c => c.Source.Author);
        Field<NonNullGraphType<GraphQLClrOutputTypeReference<T>>>("data").Resolve(c => c.Source.As<T>());
    }
}
