namespace Shop.Framework.Content;

/// <summary>
/// Reacts to content lifecycle events inside the same transaction, so a module's derived
/// state (and an indexing task) commits with the publish or not at all.
/// </summary>
public interface IContentHandler
{
    Task PublishedAsync(ContentItem item) => Task.CompletedTask;
    Task ArchivedAsync(ContentItem item) => Task.CompletedTask;
}
