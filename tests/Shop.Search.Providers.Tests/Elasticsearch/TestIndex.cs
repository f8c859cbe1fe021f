using Shop.Framework.Search;

namespace Shop.Search.Elasticsearch.Tests;

/// <summary>A member-like index with every field type, shared by the JSON tests.</summary>
public static class TestIndex
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static readonly SearchIndexDefinition Definition = new("members",
    [
        new SearchField("tags", SearchFieldType.Keyword, Multi: true),
        new SearchField("city", SearchFieldType.Keyword),
        new SearchField("bio", SearchFieldType.Text),
        new SearchField("orderCount", SearchFieldType.Long),
        new SearchField("couponUsageShare", SearchFieldType.Double),
        new SearchField("lastOrderAt", SearchFieldType.Date),
        new SearchField("distributor", SearchFieldType.Bool),
    ]);
}
