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
internal sealed class TextAnalysis : IDisposable
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

    /// <summary>Chunks per cache generation: the corpus vocabulary in use fits, a flood of random words cannot grow it.</summary>
    public const int CachedChunksPerGeneration = 100_000;

    // Whitespace always separates tokens for the standard tokenizer and the filters work token by
    // token, so analyzing whitespace-separated chunks one at a time (and caching them) gives the same
    // terms as analyzing the whole text, at a fraction of the cost on the answer path.
    private readonly BoundedCache<string[]> _chunks = new(CachedChunksPerGeneration);

    /// <summary>Chunks cached now (bounded by twice <see cref="CachedChunksPerGeneration"/>).</summary>
    public int CachedChunks => _chunks.Count;

    /// <summary>The terms of a text, in order: English words stop-filtered and stemmed, Hangul as bigrams.</summary>
    public IReadOnlyList<string> EnglishTerms(string text)
    {
        var terms = new List<string>();
        AddEnglishTerms(text, terms);
        return terms;
    }

    /// <summary>Adds the <see cref="EnglishTerms"/> of a text to <paramref name="terms"/>, without a list of its own.</summary>
    public void AddEnglishTerms(string text, ICollection<string> terms) => AddEnglishTerms(text.AsSpan(), terms);

    /// <summary>As <see cref="AddEnglishTerms(string, ICollection{string})"/>, for text that is not a string (only unseen chunks become strings).</summary>
    public void AddEnglishTerms(ReadOnlySpan<char> text, ICollection<string> terms)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var boundary = i == text.Length || char.IsWhiteSpace(text[i]);
            if (!boundary)
            {
                if (start < 0)
                {
                    start = i;
                }
                continue;
            }
            if (start >= 0)
            {
                var chunk = Chunk(text.Slice(start, i - start));
                if (terms is List<string> list)
                {
                    list.AddRange(chunk);
                }
                else
                {
                    foreach (var term in chunk)
                    {
                        terms.Add(term);
                    }
                }
                start = -1;
            }
        }
    }

    private string[] Chunk(ReadOnlySpan<char> chunk)
    {
        if (_chunks.TryGetValue(chunk, out var cached))
        {
            return cached;
        }
        var text = chunk.ToString();
        // Korean words carry particles and endings, so whole-word terms rarely match: Hangul is
        // compared as CJK bigrams, the way the CJK field indexes it.
        var terms = Corpus.TextNormalizer.HasHangul(text)
            ? Terms(Korean, IndexSchema.TextCjk, text).ToArray()
            : Terms(English, IndexSchema.Text, text).ToArray();
        _chunks.Add(text, terms);
        return terms;
    }

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
