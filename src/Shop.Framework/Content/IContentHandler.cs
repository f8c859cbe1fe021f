namespace Shop.Framework.Content;

/// <summary>
/// Reacts to content lifecycle events inside the same transaction, so a module's derived
/// state (and an indexing task) commits with the publish or not at all.
/// </summary>
public interface IContentHandler
{
    /// <summary>
    /// Last say before a version goes live, for rules that span items (tier thresholds must
    /// increase across all published tiers), and for guarded changes that decide it (a coupon
    /// template's total may not fall below what was issued). Errors refuse the publish and roll back
    /// what earlier handlers wrote.
    /// </summary>
    Task<IReadOnlyList<GraphQL.UserError>> PublishingAsync(ContentItem item) => Task.FromResult<IReadOnlyList<GraphQL.UserError>>([]);

    Task PublishedAsync(ContentItem item) => Task.CompletedTask;
    Task ArchivedAsync(ContentItem item) => Task.CompletedTask;
}
