using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;

namespace Shop.Search.Lucene;

/// <summary>
/// Untokenised terms of one field of one document, all in a single field instance: the same
/// postings as one <see cref="StringField"/> per value (docs only, no norms), but Lucene.Net sets
/// up inversion once per field instance — several microseconds each — and a member has a term
/// per field it holds in <c>_exists</c> plus one per tag. Reused from document to document.
/// </summary>
internal sealed class TermListTokenStream : TokenStream
{
    private static readonly FieldType Type = CreateType();

    private readonly ICharTermAttribute _term;
    private readonly List<string> _values = [];
    private int _next;

    public TermListTokenStream(string field)
    {
        _term = AddAttribute<ICharTermAttribute>();
        Field = new Field(field, this, Type);
    }

    /// <summary>The field to add to the document; its terms are the values added since the last <see cref="Clear"/>.</summary>
    public Field Field { get; }

    public int Count => _values.Count;

    public void Add(string value) => _values.Add(value);

    public void Clear() => _values.Clear();

    public override bool IncrementToken()
    {
        if (_next >= _values.Count) return false;
        ClearAttributes();
        _term.SetEmpty().Append(_values[_next++]);
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _next = 0;
    }

    private static FieldType CreateType()
    {
        // StringField's indexing (docs only, no norms); "tokenized" only so Lucene reads the terms from this stream.
        var type = new FieldType { IsIndexed = true, IsTokenized = true, OmitNorms = true, IndexOptions = IndexOptions.DOCS_ONLY };
        type.Freeze();
        return type;
    }
}
