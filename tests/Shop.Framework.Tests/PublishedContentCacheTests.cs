using Shop.Framework.Content;

namespace Shop.Framework.Tests;

public class PublishedContentCacheTests
{
    private static ContentItem Item(string id) => new() { ItemId = id, VersionId = "cv_" + id, ContentType = "tier", DisplayText = id, Data = "{}", Author = "t" };

    [Fact]
    public async Task Loads_once_until_the_type_is_invalidated()
    {
        var cache = new PublishedContentCache(TimeSpan.FromMinutes(5));
        var loads = 0;
        Task<IReadOnlyList<ContentItem>> Load() { loads++; return Task.FromResult<IReadOnlyList<ContentItem>>([Item($"v{loads}")]); }

        var first = await cache.GetOrLoadAsync("tier", Load);
        var second = await cache.GetOrLoadAsync("tier", Load);
        cache.Invalidate("tier");
        var third = await cache.GetOrLoadAsync("tier", Load);

        Assert.Equal(["v1", "v1", "v2"], new[] { first, second, third }.Select(l => l[0].ItemId));
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task A_load_overtaken_by_a_publish_is_not_kept()
    {
        var cache = new PublishedContentCache(TimeSpan.FromMinutes(5));
        var loads = 0;

        // The publish commits while the first reader is still loading the old state.
        var stale = await cache.GetOrLoadAsync("tier", () =>
        {
            loads++;
            cache.Invalidate("tier");
            return Task.FromResult<IReadOnlyList<ContentItem>>([Item("old")]);
        });
        var next = await cache.GetOrLoadAsync("tier", () => { loads++; return Task.FromResult<IReadOnlyList<ContentItem>>([Item("new")]); });

        Assert.Equal("old", stale[0].ItemId);
        Assert.Equal("new", next[0].ItemId);
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task A_zero_max_age_turns_the_cache_off()
    {
        var cache = new PublishedContentCache(TimeSpan.Zero);
        var loads = 0;
        for (var i = 0; i < 3; i++) await cache.GetOrLoadAsync("tier", () => { loads++; return Task.FromResult<IReadOnlyList<ContentItem>>([]); });
        Assert.Equal(3, loads);
    }
}
