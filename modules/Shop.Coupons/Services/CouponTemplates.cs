using Shop.Coupons.Models;
using Shop.Framework.Content;

namespace Shop.Coupons.Services;

/// <summary>A published template and the content version coupons issued from it record.</summary>
public sealed record PublishedTemplate(string Id, string VersionId, CouponTemplate Template, long? PublishedAt);

/// <summary>The published coupon templates, read from the content cache once per scope.</summary>
public sealed class CouponTemplates(ContentManager content)
{
    public const string ContentType = "couponTemplate";

    private Task<IReadOnlyList<PublishedTemplate>>? _all;

    public Task<IReadOnlyList<PublishedTemplate>> AllAsync() => _all ??= LoadAsync();

    public async Task<PublishedTemplate?> FindAsync(string id) => (await AllAsync()).FirstOrDefault(t => t.Id == id);

    public async Task<IReadOnlyList<PublishedTemplate>> WithChannelAsync(string channel) =>
        (await AllAsync()).Where(t => t.Template.Channels.Contains(channel)).ToList();

    private async Task<IReadOnlyList<PublishedTemplate>> LoadAsync() =>
        (await content.ListPublishedAsync(ContentType))
            .Select(i => new PublishedTemplate(i.ItemId, i.VersionId, i.Shared<CouponTemplate>(), i.PublishedAt))
            .OrderByDescending(t => t.PublishedAt).ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
}
