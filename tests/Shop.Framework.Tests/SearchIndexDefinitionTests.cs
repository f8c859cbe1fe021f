using Shop.Framework.Search;

namespace Shop.Framework.Tests;

/// <summary>An index definition looks its fields up by name through a lookup it builds once; copies build their own.</summary>
public sealed class SearchIndexDefinitionTests
{
    private static readonly SearchField Paid = new("paid", SearchFieldType.Long);
    private static readonly SearchField Tags = new("tags", SearchFieldType.Keyword, Multi: true);

    [Fact]
    public void Finds_fields_by_exact_name_and_refuses_unknown_ones()
    {
        var definition = new SearchIndexDefinition("members", [Paid, Tags, new SearchField("paid", SearchFieldType.Double)]);
        Assert.Same(Paid, definition.Field("paid")); // the first of a repeated name
        Assert.Same(Tags, definition.RequireField("tags"));
        Assert.Null(definition.Field("Paid"));
        Assert.Throws<SearchQueryException>(() => definition.RequireField("nope"));
    }

    [Fact]
    public void A_copy_with_other_fields_looks_up_its_own_fields()
    {
        var definition = new SearchIndexDefinition("members", [Paid]);
        Assert.NotNull(definition.Field("paid")); // the lookup is built before the copy
        var copy = definition with { Fields = [Tags] };
        Assert.Null(copy.Field("paid"));
        Assert.Same(Tags, copy.Field("tags"));
        Assert.Equal("members", copy.Name);
    }

    [Fact]
    public void Equality_is_by_name_and_the_same_field_list()
    {
        IReadOnlyList<SearchField> fields = [Paid, Tags];
        var a = new SearchIndexDefinition("members", fields);
        var b = new SearchIndexDefinition("members", fields);
        a.Field("paid"); // one has built its lookup, the other not
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new SearchIndexDefinition("rewards", fields));
        Assert.NotEqual(a, new SearchIndexDefinition("members", [Paid, Tags]));
    }
}
