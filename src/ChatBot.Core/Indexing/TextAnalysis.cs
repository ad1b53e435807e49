using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace ChatBot.Core.Indexing;

/// <summary>
/// The analyzers, created once per knowledge base: English (standard tokenizer, possessives,
/// lower case, stop words, Porter stemming) for the text and title fields, CJK bigrams for Korean
/// text. Analyzers are thread-safe; token streams are reused per thread by Lucene.
/// </summary>
public sealed class TextAnalysis : IDisposable
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public TextAnalysis()
    {
        English = new EnglishAnalyzer(Version);
        Korean = new CJKAnalyzer(Version);
        PerField = new PerFieldAnalyzerWrapper(English, new Dictionary<string, Analyzer> { [IndexSchema.TextCjk] = Korean });
    }

    public Analyzer English { get; }

    public Analyzer Korean { get; }

    /// <summary>What the index writer uses: English everywhere except the CJK field.</summary>
    public Analyzer PerField { get; }

    /// <summary>The English terms of a text, in order (stop words removed, stemmed).</summary>
    public IReadOnlyList<string> EnglishTerms(string text) => Terms(English, IndexSchema.Text, text);

    public IReadOnlyList<string> KoreanTerms(string text) => Terms(Korean, IndexSchema.TextCjk, text);

    public static IReadOnlyList<string> Terms(Analyzer analyzer, string field, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }
        stream.End();
        return terms;
    }

    public void Dispose()
    {
        PerField.Dispose();
        English.Dispose();
        Korean.Dispose();
    }
}
