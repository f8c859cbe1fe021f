using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Shop.Search.Lucene;

/// <summary>
/// Lucene's CJK analysis (standard tokens, width folding, lower case, CJK bigrams, the CJK stop
/// words) with the same tokens as <see cref="CJKAnalyzer"/>, but lower-casing through a table.
/// Lucene.Net's <c>LowerCaseFilter</c> asks the culture for every code point, which on Linux is
/// a call into ICU per character: in a members rebuild that was a quarter of the writer's time,
/// for names that are mostly Chinese and have no case at all.
/// </summary>
internal sealed class CjkTextAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(LuceneVersion.LUCENE_48, reader);
        TokenStream stream = new InvariantLowerCaseFilter(new CJKWidthFilter(source));
        stream = new CJKBigramFilter(stream);
        return new TokenStreamComponents(source, new StopFilter(LuceneVersion.LUCENE_48, stream, CJKAnalyzer.DefaultStopSet));
    }

    /// <summary>Invariant lower case: a table for the Basic Multilingual Plane, <see cref="System.Text.Rune"/> for the rest.</summary>
    internal sealed class InvariantLowerCaseFilter : TokenFilter
    {
        private static readonly char[] Lower = BuildTable();
        private readonly ICharTermAttribute _term;

        public InvariantLowerCaseFilter(TokenStream input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken()) return false;
            var buffer = _term.Buffer;
            var length = _term.Length;
            for (var i = 0; i < length; i++)
            {
                var c = buffer[i];
                if (!char.IsHighSurrogate(c) || i + 1 == length || !char.IsLowSurrogate(buffer[i + 1]))
                {
                    buffer[i] = Lower[c];
                    continue;
                }
                // A supplementary character keeps its two UTF-16 units: every lower-case mapping outside the BMP stays outside it.
                var lower = System.Text.Rune.ToLowerInvariant(new System.Text.Rune(c, buffer[i + 1]));
                lower.EncodeToUtf16(buffer.AsSpan(i, 2));
                i++;
            }
            return true;
        }

        private static char[] BuildTable()
        {
            var table = new char[char.MaxValue + 1];
            for (var c = 0; c <= char.MaxValue; c++)
                table[c] = char.IsSurrogate((char)c) ? (char)c : char.ToLowerInvariant((char)c);
            return table;
        }
    }
}
