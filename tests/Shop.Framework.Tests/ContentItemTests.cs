using Shop.Framework.Content;

namespace Shop.Framework.Tests;

public class ContentItemTests
{
    private sealed class Ladder
    {
        public int Level { get; set; }
        public List<string> Benefits { get; set; } = [];
    }

    private sealed class Named
    {
        public string Name { get; set; } = "";
    }

    private static ContentItem Item(string data) =>
        new() { ItemId = "ci_1", VersionId = "cv_1", ContentType = "tier", DisplayText = "Gold", Data = data, Author = "t" };

    [Fact]
    public void Shared_deserializes_once_per_item_object()
    {
        var item = Item("""{"level":2,"benefits":["freeShipping"]}""");

        var first = item.Shared<Ladder>();
        var second = item.Shared<Ladder>();

        Assert.Same(first, second);
        Assert.Equal((2, "freeShipping"), (first.Level, first.Benefits.Single()));
    }

    [Fact]
    public void As_is_a_fresh_copy_that_leaves_the_shared_model_alone()
    {
        var item = Item("""{"level":2,"benefits":[]}""");
        var shared = item.Shared<Ladder>();

        var copy = item.As<Ladder>();
        copy.Level = 9;
        copy.Benefits.Add("changed");

        Assert.NotSame(shared, copy);
        Assert.Equal((2, 0), (item.Shared<Ladder>().Level, item.Shared<Ladder>().Benefits.Count));
    }

    [Fact]
    public void An_equal_copy_of_the_record_has_its_own_model()
    {
        // Records compare by value; the cache must not: a newer load is a new object with its own model.
        var item = Item("""{"level":2}""");
        var reloaded = item with { };

        Assert.Equal(item, reloaded);
        Assert.NotSame(item.Shared<Ladder>(), reloaded.Shared<Ladder>());
    }

    [Fact]
    public void The_same_item_read_as_another_type_gets_that_type()
    {
        var item = Item("""{"level":3,"name":"Gold"}""");

        var ladder = item.Shared<Ladder>();
        var named = item.Shared<Named>();

        Assert.Equal(3, ladder.Level);
        Assert.Equal("Gold", named.Name);
        Assert.Same(named, item.Shared<Named>());
    }
}
