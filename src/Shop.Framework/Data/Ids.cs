namespace Shop.Framework.Data;

/// <summary>
/// Opaque, time-ordered ids: a short type prefix and a version-7 GUID. The prefix tells the
/// Node resolver which module owns an id; time order keeps inserts append-only in B-trees.
/// </summary>
public static class Ids
{
    public static string New(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";

    public static string? PrefixOf(string id)
    {
        var underscore = id.IndexOf('_');
        return underscore > 0 ? id[..underscore] : null;
    }
}
