using Shop.Framework.Search;
using Shop.Search.Lucene;

namespace Shop.Search.Providers.Tests;

/// <summary>
/// A rebuild writes a new generation folder and retires the old one after a grace period. What a
/// process leaves behind when it stops before that period ends, or dies mid-rebuild, must not pile
/// up on disk (each generation is a whole index), and cleaning up must never take a build in progress.
/// </summary>
public sealed class LuceneGenerationTests : IDisposable
{
    private static readonly SearchIndexDefinition Definition = new("gens", [new SearchField("city", SearchFieldType.Keyword)]);
    private readonly LuceneFolder _folder = new("shop-lucene-gens");

    private string IndexFolder => _folder.Index(Definition.Name);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_provider_that_closes_inside_the_grace_period_removes_the_retired_generation()
    {
        using (var provider = Provider())
        {
            var index = provider.Open(Definition);
            await index.UpsertAsync([Doc("a", "上海")]);
            await Rebuild(provider, Doc("b", "北京"));
            Assert.Equal(2, Generations().Count); // the old one waits out its grace period for running queries
        }

        Assert.Equal([File.ReadAllText(Path.Combine(IndexFolder, "CURRENT")).Trim()], Generations());
        using var reopened = Provider();
        Assert.Equal(1, await reopened.Open(Definition).CountAsync(new TermQuery("city", "北京")));
    }

    [Fact]
    public async Task Opening_an_index_removes_leftover_generations_but_not_a_build_in_progress()
    {
        using (var provider = Provider())
            await provider.Open(Definition).UpsertAsync([Doc("a", "上海")]);
        var current = File.ReadAllText(Path.Combine(IndexFolder, "CURRENT")).Trim();
        var dead = Path.Combine(IndexFolder, "g-20261101000000000-deadbeef"); // a rebuild whose process died
        Directory.CreateDirectory(dead);
        File.WriteAllText(Path.Combine(dead, "_0.cfs"), "half a segment");

        using var second = Provider();
        await using var build = await second.BeginRebuildAsync(Definition); // started before the index is first opened
        await build.UpsertAsync([Doc("b", "北京")]);
        var index = second.Open(Definition);

        Assert.False(Directory.Exists(dead));
        Assert.Equal(2, Generations().Count); // the live one and the build
        Assert.Contains(current, Generations());
        await build.SwapAsync();
        Assert.Equal(1, await index.CountAsync(new TermQuery("city", "北京")));
        Assert.Equal(0, await index.CountAsync(new TermQuery("city", "上海")));
    }

    private LuceneProvider Provider() => _folder.Provider();

    private static async Task Rebuild(LuceneProvider provider, params SearchDocument[] documents)
    {
        await using var build = await provider.BeginRebuildAsync(Definition);
        await build.UpsertAsync(documents);
        await build.SwapAsync();
    }

    private List<string> Generations() => Directory.EnumerateDirectories(IndexFolder, "g-*").Select(p => Path.GetFileName(p)!).Order().ToList();

    private static SearchDocument Doc(string id, string city) => new(id, new Dictionary<string, object?> { ["city"] = city });
}
