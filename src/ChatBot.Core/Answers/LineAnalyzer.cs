using System.Globalization;
using System.Text;
using ChatBot.Core.Corpus;
using ChatBot.Core.Indexing;
using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Answers;

/// <summary>
/// Analyzes lines for matching: English terms with diacritics folded ("Šefčovič" = "sefcovic"),
/// the text without spaces for Korean forms, the partners and ordinals it names. What answers
/// reach is cached by passage and document, within a bound (a large corpus is not held analysed
/// twice over); an entry counts only for the very passage or document object it was made from,
/// so a refresh that replaces them makes it stale.
/// </summary>
internal sealed class LineAnalyzer(KnowledgeBase knowledge, Partners partners)
{
    /// <summary>Passages (and documents) per cache generation: far more than one question reads, far less than a large corpus.</summary>
    public const int CachedPerGeneration = 1_000;

    private readonly BoundedCache<(Passage Owner, AnalyzedLine[] Lines)> _lines = new(CachedPerGeneration);
    private readonly BoundedCache<(Passage Owner, AnalyzedLine Line)> _headings = new(CachedPerGeneration);
    private readonly BoundedCache<(DocumentInfo Owner, DocumentContext Context)> _documents = new(CachedPerGeneration);

    public AnalyzedLine[] Lines(Passage passage)
    {
        if (_lines.TryGetValue(passage.Id, out var cached) && ReferenceEquals(cached.Owner, passage))
        {
            return cached.Lines;
        }
        var terms = knowledge.Statistics.SentenceTermsOf(passage);
        var lines = passage.Sentences.Select((s, i) => Analyze(s, terms[i])).ToArray();
        _lines.Add(passage.Id, (passage, lines));
        return lines;
    }

    public AnalyzedLine Heading(Passage passage)
    {
        if (_headings.TryGetValue(passage.Id, out var cached) && ReferenceEquals(cached.Owner, passage))
        {
            return cached.Line;
        }
        var line = Analyze(passage.Heading ?? "");
        _headings.Add(passage.Id, (passage, line));
        return line;
    }

    public DocumentContext Document(DocumentInfo document)
    {
        if (_documents.TryGetValue(document.Id, out var cached) && ReferenceEquals(cached.Owner, document))
        {
            return cached.Context;
        }
        // Only terms and text here (no partner or ordinal search): every line of the document is
        // read, and a question reaches twenty documents.
        var passages = knowledge.PassagesOf(document.Id);
        var lead = passages.Count == 0 ? "" : string.Join(" ", passages[0].Sentences.Take(3));
        var context = new DocumentContext(
            Analyze(document.Title + " . " + lead), knowledge.Snapshot.DocumentTerms?.Of(document), () => TermsOf(passages), () => CompactOf(passages));
        _documents.Add(document.Id, (document, context));
        return context;
    }

    /// <summary>
    /// The terms of every sentence (accents folded), added straight into one set: the passages'
    /// own analysis is neither needed nor worth caching for a whole document (used until the
    /// snapshot's <see cref="DocumentTerms"/> are gathered).
    /// </summary>
    private HashSet<string> TermsOf(IReadOnlyList<Passage> passages)
    {
        // Sized once for the distinct terms expected (about one per twelve characters of prose),
        // not grown from empty: a document's set was reallocated seven or eight times.
        var length = 0;
        foreach (var passage in passages)
        {
            for (var i = 0; i < passage.Sentences.Count; i++)
            {
                length += StoredText.LengthOf(passage.Sentences, i);
            }
        }
        var terms = new HashSet<string>(length / 12, StringComparer.Ordinal);
        DocumentTerms.Collect(knowledge.Analysis, passages, terms);
        return terms;
    }

    private static string CompactOf(IReadOnlyList<Passage> passages)
    {
        var compact = new StringBuilder();
        foreach (var passage in passages)
        {
            foreach (var sentence in passage.Sentences)
            {
                AppendCompact(compact, sentence);
                compact.Append(' ');
            }
        }
        return compact.ToString();
    }

    public AnalyzedLine Analyze(string text) => Analyze(text, knowledge.Analysis.EnglishTerms(text));

    private AnalyzedLine Analyze(string text, IReadOnlyList<string> terms) => new(
        text,
        // Term arrays are never written after they are made, so a passage's cached analysis and its lines share them.
        HasAccents(text) ? knowledge.Analysis.EnglishTerms(Fold(text)).ToArray() : terms as string[] ?? terms.ToArray(),
        partners);

    public static string Compact(string text) => AppendCompact(new StringBuilder(text.Length), text).ToString();

    private static StringBuilder AppendCompact(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }
        return builder;
    }

    public static bool HasAccents(string text) => HasAccents(text.AsSpan());

    public static bool HasAccents(ReadOnlySpan<char> text) => text.ContainsAnyInRange('\u00C0', '\u024F');

    /// <summary>The text without accents on Latin letters, so a question typed without them still matches.</summary>
    public static string Fold(string term)
    {
        if (!HasAccents(term))
        {
            return term;
        }
        var decomposed = term.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
