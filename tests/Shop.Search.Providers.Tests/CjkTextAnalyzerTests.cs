using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;
using Shop.Search.Lucene;

namespace Shop.Search.Providers.Tests;

/// <summary>
/// The provider's text analyser replaces Lucene's lower-casing with a table; an index built with
/// it must hold exactly the tokens <see cref="CJKAnalyzer"/> produces, or text written before and
/// queries analysed after would stop meeting.
/// </summary>
public sealed class CjkTextAnalyzerTests
{
    public static TheoryData<string> Texts() =>
    [
        "张伟", "欧阳娜娜 VIP会员", "Zhang WEI", "ＡＢＣ全角Ｆｕｌｌ", "ΣΊΣΥΦΟΣ Ωμέγα", "İstanbul ıi", "ǅemal Ǆ",
        "Straße GROSS", "АННА Каренина", "東京タワー カタカナ ﾊﾝｶｸ", "𐐀𐐁 Deseret", "😀 emoji 中文", "the AND of 和 的", "", "   ",
        "iPhone15 Pro Max 256GB", "上海市浦东新区张江高科技园区",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Produces_the_tokens_of_Lucenes_CJK_analyzer(string text)
    {
        using var lucene = new CJKAnalyzer(LuceneVersion.LUCENE_48);
        using var ours = new CjkTextAnalyzer();
        Assert.Equal(Tokens(lucene, text), Tokens(ours, text));
    }

    [Fact]
    public void Lower_cases_and_bigrams()
    {
        using var ours = new CjkTextAnalyzer();
        Assert.Equal(["zhang", "wei", "张伟", "伟会", "会员"], Tokens(ours, "ZHANG Wei 张伟会员"));
    }

    private static List<string> Tokens(Analyzer analyzer, string text)
    {
        var tokens = new List<string>();
        using var stream = analyzer.GetTokenStream("f", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) tokens.Add(term.ToString());
        stream.End();
        return tokens;
    }
}
