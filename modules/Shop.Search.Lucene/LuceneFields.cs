namespace Shop.Search.Lucene;

/// <summary>Fields the provider adds to every document for its own use.</summary>
internal static class LuceneFields
{
    /// <summary>
    /// The document id: a term for updates and deletes; its value for the final sort key and scans
    /// is the head of the <see cref="Values"/> row (documents from before that have a sorted doc value).
    /// </summary>
    public const string Id = "_id";

    /// <summary>One term per field the document has a value for, so <c>exists</c> is a term lookup.</summary>
    public const string Exists = "_exists";

    /// <summary>The document's id and single-valued numbers and dates, one binary doc value (<see cref="ValueRow"/>).</summary>
    public const string Values = "_values";
}
