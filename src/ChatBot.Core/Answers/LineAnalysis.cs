using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Answers;

/// <summary>What one line says and in which context, analyzed once per passage (or document) and kept while it lives.</summary>
internal sealed record AnalyzedLine(
    string Text,
    IReadOnlyList<string> Terms,
    string Compact,
    IReadOnlySet<string> Partners,
    IReadOnlySet<int> Ordinals);

/// <summary>The document-wide context of a line: its title and opening lines, and every term of the document.</summary>
internal sealed record DocumentContext(AnalyzedLine Lead, HashSet<string> Terms, string Compact);

/// <summary>
/// Analyzes lines for matching: English terms with diacritics folded ("Šefčovič" = "sefcovic"),
/// the text without spaces for Korean forms, the partners and ordinals it names. Caches are keyed
/// by the passage and document objects of the current snapshot, so a refresh drops them.
/// </summary>
internal sealed class LineAnalyzer(KnowledgeBase knowledge, Partners partners)
{
    private readonly ConditionalWeakTable<Passage, AnalyzedLine[]> _lines = new();
    private readonly ConditionalWeakTable<Passage, AnalyzedLine> _headings = new();
    private readonly ConditionalWeakTable<DocumentInfo, DocumentContext> _documents = new();

    public AnalyzedLine[] Lines(Passage passage) => _lines.GetValue(passage, p =>
    {
        var terms = knowledge.Statistics.SentenceTermsOf(p);
        return p.Sentences.Select((s, i) => Analyze(s, terms[i])).ToArray();
    });

    public AnalyzedLine Heading(Passage passage) => _headings.GetValue(passage, p => Analyze(p.Heading ?? ""));

    public DocumentContext Document(DocumentInfo document) => _documents.GetValue(document, d =>
    {
        var passages = knowledge.PassagesOf(d.Id);
        var lead = passages.Count == 0 ? "" : string.Join(" ", passages[0].Sentences.Take(3));
        var terms = new HashSet<string>(StringComparer.Ordinal);
        var compact = new StringBuilder();
        foreach (var passage in passages)
        {
            foreach (var line in Lines(passage))
            {
                terms.UnionWith(line.Terms);
                compact.Append(line.Compact).Append(' ');
            }
        }
        return new DocumentContext(Analyze(d.Title + " . " + lead), terms, compact.ToString());
    });

    public AnalyzedLine Analyze(string text) => Analyze(text, knowledge.Analysis.EnglishTerms(text));

    private AnalyzedLine Analyze(string text, IReadOnlyList<string> terms) => new(
        text,
        HasAccents(text) ? knowledge.Analysis.EnglishTerms(Fold(text)).ToArray() : terms.ToArray(),
        Compact(text),
        partners.In(text),
        Answers.Ordinals.In(text));

    public static string Compact(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }
        return builder.ToString();
    }

    public static bool HasAccents(string text) => text.Any(c => c is >= '\u00C0' and <= '\u024F');

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
