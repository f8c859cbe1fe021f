using System.Collections.Concurrent;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Testing;

namespace Shop.Web.Tests;

public sealed class Banner
{
    public string Title { get; set; } = "";
    public int Priority { get; set; }
    public List<BannerSlide> Slides { get; set; } = [];
}

public sealed class BannerSlide
{
    public string ImageUrl { get; set; } = "";
    public string? Link { get; set; }
}

public sealed class BannerValidator : AbstractValidator<Banner>
{
    public BannerValidator()
    {
        RuleFor(b => b.Title).NotEmpty().MaximumLength(50);
        RuleFor(b => b.Priority).InclusiveBetween(0, 100);
        RuleForEach(b => b.Slides).ChildRules(slide => slide.RuleFor(s => s.ImageUrl).NotEmpty());
    }
}

/// <summary>A second content type, registered with a view permission of its own.</summary>
public sealed class Notice
{
    public string Title { get; set; } = "";
}

public sealed class NoticeValidator : AbstractValidator<Notice>
{
    public NoticeValidator() => RuleFor(n => n.Title).NotEmpty();
}

public sealed class RecordingContentHandler : IContentHandler
{
    public ConcurrentQueue<string> Events { get; } = new();
    public Task PublishedAsync(ContentItem item) { Events.Enqueue($"published:{item.ItemId}:v{item.Version}"); return Task.CompletedTask; }
    public Task ArchivedAsync(ContentItem item) { Events.Enqueue($"archived:{item.ItemId}"); return Task.CompletedTask; }
}

public sealed class ContentFixture : IDisposable
{
    /// <summary>The notice type's view permission: any registered permission that does not include managing content.</summary>
    public const string ContentViewer = FrameworkPermissions.ReadMetrics;

    public RecordingContentHandler Handler { get; } = new();
    public ShopAppFactory App { get; }

    public ContentFixture()
    {
        App = new ShopAppFactory().WithServices(services =>
        {
            services.AddContentType<Banner, BannerValidator>("banner", "banners", b => b.Title);
            services.AddContentType<Notice, NoticeValidator>("notice", "notices", n => n.Title, FrameworkPermissions.ManageContent, viewPermission: ContentViewer);
            services.AddSingleton<IContentHandler>(Handler);
        });
    }

    public void Dispose() => App.Dispose();
}

/// <summary>A registered content type gets the admin CRUD and lifecycle of API.md.</summary>
public class ContentStoreTests(ContentFixture fixture) : IClassFixture<ContentFixture>
{
    private readonly ShopAppFactory _app = fixture.App;

    private const string Fields = "item { id versionId version status published latest displayText author data { title priority slides { imageUrl link } } } errors { code message field }";

    private async Task<string> CreateAsync(string title)
    {
        var created = await _app.AdminAsync($"mutation($t: String!) {{ bannerCreate(input: {{title: $t, priority: 5, slides: [{{imageUrl: \"/a.png\"}}]}}) {{ {Fields} }} }}", new { t = title });
        return created.Data!["bannerCreate"]!["item"]!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Creating_makes_a_draft_with_the_author_and_typed_data()
    {
        var response = await _app.AdminAsync($"mutation {{ bannerCreate(input: {{title: \"Double 11\", priority: 10, slides: [{{imageUrl: \"/d11.png\", link: \"/sale\"}}]}}) {{ {Fields} }} }}");

        var item = response.Data!["bannerCreate"]!["item"]!;
        Assert.Empty(response.Data["bannerCreate"]!["errors"]!.AsArray());
        Assert.Equal("DRAFT", item["status"]!.GetValue<string>());
        Assert.Equal(1, item["version"]!.GetValue<int>());
        Assert.Equal("api-key:bootstrap", item["author"]!.GetValue<string>());
        Assert.Equal("/sale", item["data"]!["slides"]![0]!["link"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validation_failures_come_back_as_errors_with_field_paths()
    {
        var response = await _app.AdminAsync($"mutation {{ bannerCreate(input: {{title: \"\", priority: 500, slides: [{{imageUrl: \"\"}}]}}) {{ {Fields} }} }}");

        var payload = response.Data!["bannerCreate"]!;
        Assert.Null(payload["item"]);
        var fields = payload["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("title", fields);
        Assert.Contains("priority", fields);
        Assert.Contains("slides[0].imageUrl", fields);
        Assert.All(payload["errors"]!.AsArray(), e => Assert.Equal("VALIDATION", e!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Editing_a_published_item_starts_a_new_draft_while_the_published_version_keeps_serving()
    {
        var id = await CreateAsync("Spring");
        await _app.AdminAsync($"mutation($id: ID!) {{ bannerPublish(input: {{id: $id}}) {{ {Fields} }} }}", new { id });

        var edited = await _app.AdminAsync($"mutation($id: ID!) {{ bannerUpdate(input: {{id: $id, title: \"Spring v2\", priority: 6, slides: []}}) {{ {Fields} }} }}", new { id });
        var published = await _app.AdminAsync("query($id: ID!) { banner(id: $id, published: true) { version displayText published } }", new { id });
        var latest = await _app.AdminAsync("query($id: ID!) { banner(id: $id) { version displayText published latest } }", new { id });

        Assert.Equal(2, edited.Data!["bannerUpdate"]!["item"]!["version"]!.GetValue<int>());
        Assert.Equal("Spring", published.Data!["banner"]!["displayText"]!.GetValue<string>());
        Assert.Equal(1, published.Data["banner"]!["version"]!.GetValue<int>());
        Assert.Equal("Spring v2", latest.Data!["banner"]!["displayText"]!.GetValue<string>());
        Assert.False(latest.Data["banner"]!["published"]!.GetValue<bool>());

        var republished = await _app.AdminAsync($"mutation($id: ID!) {{ bannerPublish(input: {{id: $id}}) {{ {Fields} }} }}", new { id });
        Assert.Equal(2, republished.Data!["bannerPublish"]!["item"]!["version"]!.GetValue<int>());
        Assert.Contains($"published:{id}:v1", fixture.Handler.Events);
        Assert.Contains($"published:{id}:v2", fixture.Handler.Events);
        var afterwards = await _app.AdminAsync("query($id: ID!) { banner(id: $id, published: true) { version } }", new { id });
        Assert.Equal(2, afterwards.Data!["banner"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Archiving_hides_the_item_and_raises_an_event()
    {
        var id = await CreateAsync("Old promo");
        await _app.AdminAsync($"mutation($id: ID!) {{ bannerPublish(input: {{id: $id}}) {{ {Fields} }} }}", new { id });

        var archived = await _app.AdminAsync($"mutation($id: ID!) {{ bannerArchive(input: {{id: $id}}) {{ {Fields} }} }}", new { id });
        var published = await _app.AdminAsync("query($id: ID!) { banner(id: $id, published: true) { version } }", new { id });
        var edit = await _app.AdminAsync($"mutation($id: ID!) {{ bannerUpdate(input: {{id: $id, title: \"x\", priority: 1, slides: []}}) {{ {Fields} }} }}", new { id });

        Assert.Equal("ARCHIVED", archived.Data!["bannerArchive"]!["item"]!["status"]!.GetValue<string>());
        Assert.Null(published.Data!["banner"]);
        Assert.Equal("CONFLICT", edit.Data!["bannerUpdate"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains($"archived:{id}", fixture.Handler.Events);
    }

    [Fact]
    public async Task Lists_filter_by_status_and_search_and_page_with_cursors()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await CreateAsync($"Paged {i}"));
        await _app.AdminAsync($"mutation($id: ID!) {{ bannerPublish(input: {{id: $id}}) {{ {Fields} }} }}", new { id = ids[0] });

        var first = await _app.AdminAsync("{ banners(search: \"paged\", first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id displayText } } } }");
        var cursor = first.Data!["banners"]!["pageInfo"]!["endCursor"]!.GetValue<string>();
        var second = await _app.AdminAsync("query($after: String) { banners(search: \"PAGED\", first: 2, after: $after) { pageInfo { hasNextPage } edges { node { id } } } }", new { after = cursor });
        var published = await _app.AdminAsync("{ banners(status: PUBLISHED, search: \"paged\") { totalCount edges { node { id } } } }");
        var drafts = await _app.AdminAsync("{ banners(status: DRAFT, search: \"paged\") { totalCount } }");

        Assert.Equal(3, first.Data["banners"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(ids[2], first.Data["banners"]!["edges"]![0]!["node"]!["id"]!.GetValue<string>()); // newest first
        Assert.True(first.Data["banners"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(ids[0], second.Data!["banners"]!["edges"]![0]!["node"]!["id"]!.GetValue<string>());
        Assert.False(second.Data["banners"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(1, published.Data!["banners"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(2, drafts.Data!["banners"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_search_finds_percent_and_underscore_as_typed_not_as_wildcards()
    {
        var sale = await CreateAsync("Sale 50%_off");
        await CreateAsync("Sale 50 off");

        var percent = await _app.AdminAsync("{ banners(search: \"50%_off\") { totalCount edges { node { id } } } }");
        var wildcard = await _app.AdminAsync("{ banners(search: \"sale%off\") { totalCount } }");

        Assert.Equal(sale, percent.Data!["banners"]!["edges"]!.AsArray().Single()!["node"]!["id"]!.GetValue<string>());
        Assert.Equal(0, wildcard.Data!["banners"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Pages_above_the_admin_cap_are_an_error_not_a_truncation()
    {
        var response = await _app.AdminAsync("{ banners(first: 501) { totalCount } }");

        Assert.Equal("PAGE_SIZE_EXCEEDED", response.FirstErrorCode);
    }

    [Fact]
    public async Task Unknown_ids_are_not_found()
    {
        var response = await _app.AdminAsync($"mutation {{ bannerPublish(input: {{id: \"ci_nope\"}}) {{ {Fields} }} }}");
        Assert.Equal("NOT_FOUND", response.Data!["bannerPublish"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_declared_view_permission_opens_the_queries_only_and_without_one_they_need_the_manage_permission()
    {
        var created = await _app.AdminAsync("mutation { noticeCreate(input: {title: \"Closed on Sunday\"}) { item { id } errors { code } } }");
        var id = created.Data!["noticeCreate"]!["item"]!["id"]!.GetValue<string>();
        var viewer = await StaffKeys.WithAsync(_app, "Notice viewer", ContentFixture.ContentViewer);

        var list = await _app.AdminAsync("{ notices { totalCount } }", auth: viewer);
        var one = await _app.AdminAsync("query($id: ID!) { notice(id: $id) { displayText } }", new { id }, viewer);
        var create = await _app.AdminAsync("mutation { noticeCreate(input: {title: \"Sneaked in\"}) { errors { code } } }", auth: viewer);
        var banners = await _app.AdminAsync("{ banners { totalCount } }", auth: viewer);

        Assert.True(list.Status == 200 && list.Errors is null, list.ToString());
        Assert.Equal("Closed on Sunday", one.Data!["notice"]!["displayText"]!.GetValue<string>());
        Assert.Equal(403, create.Status);
        Assert.Equal(403, banners.Status);
    }
}
