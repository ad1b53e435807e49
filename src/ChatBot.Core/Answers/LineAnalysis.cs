using System.Globalization;
using System.Text;
using ChatBot.Core.Corpus;
using ChatBot.Core.Indexing;
using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Answers;

/// <summary>What one line says and in which context, analyzed once per passage (or document) and kept while it lives.</summary>
internal sealed record AnalyzedLine(
    string Text,
    IReadOnlyList<string> Terms,
    IReadOnlySet<string> Partners,
    IReadOnlySet<int> Ordinals)
{
    private LineDates? _dates;
    private string? _compact;

    /// <summary>The text lower-cased without spaces, made on first use: only Korean forms are matched against it.</summary>
    public string Compact => _compact ??= LineAnalyzer.Compact(Text);

    /// <summary>
    /// The dates the line states, resolved against its document's date (<see cref="EventDates.In"/>),
    /// read on first use and kept with the line: "when" questions read them for every line they reach.
    /// </summary>
    public IReadOnlyList<DateSpan> DatesIn(DateOnly? documentDate)
    {
        if (_dates is { } known && known.DocumentDate == documentDate)
        {
            return known.Spans;
        }
        var spans = EventDates.In(Text, documentDate);
        _dates = new LineDates(documentDate, spans);
        return spans;
    }

    private sealed record LineDates(DateOnly? DocumentDate, IReadOnlyList<DateSpan> Spans);
}

/// <summary>
/// The document-wide context of a line: its title and opening lines, and every term of the document
/// (with its text without spaces, for Korean forms).
/// </summary>
internal sealed class DocumentContext(AnalyzedLine lead, HashSet<string> terms, Func<string> compact)
{
    private string? _compact;

    public AnalyzedLine Lead => lead;

    public HashSet<string> Terms => terms;

    /// <summary>The document's text without spaces, made on first use: only Korean forms read it.</summary>
    public string Compact => _compact ??= compact();
}

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
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var passage in passages)
        {
            var sentenceTerms = knowledge.Statistics.SentenceTermsOf(passage);
            for (var i = 0; i < passage.Sentences.Count; i++)
            {
                var sentence = passage.Sentences[i];
                terms.UnionWith(HasAccents(sentence) ? knowledge.Analysis.EnglishTerms(Fold(sentence)) : sentenceTerms[i]);
            }
        }
        var context = new DocumentContext(Analyze(document.Title + " . " + lead), terms, () => CompactOf(passages));
        _documents.Add(document.Id, (document, context));
        return context;
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
        HasAccents(text) ? knowledge.Analysis.EnglishTerms(Fold(text)).ToArray() : terms.ToArray(),
        partners.In(text),
        Answers.Ordinals.In(text));

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
