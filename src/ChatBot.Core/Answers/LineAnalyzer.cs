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
/// <remarks>
/// Within an answer (<see cref="BeginAnswer"/>) a passage or document is analysed once and kept
/// for that answer; it enters the shared caches only when an earlier answer reached it too. On a
/// large corpus most hits are reached once: caching them all made every answer leave about 65 KB
/// of analyses that outlived the next collection (at 100,000 passages about 3 MB promoted by each
/// gen 0 collection and a gen 1 collection every 100–150 answers, each landing on an answer as a
/// pause of 10–30 ms). A passage reached again soon is cached from its second answer on.
/// </remarks>
internal sealed class LineAnalyzer(KnowledgeBase knowledge, Partners partners)
{
    /// <summary>Passages (and documents) per cache generation: far more than one question reads, far less than a large corpus.</summary>
    public const int CachedPerGeneration = 1_000;

    private readonly BoundedCache<(Passage Owner, AnalyzedLine[] Lines)> _lines = new(CachedPerGeneration);
    private readonly BoundedCache<(Passage Owner, AnalyzedLine Line)> _headings = new(CachedPerGeneration);
    private readonly BoundedCache<(DocumentInfo Owner, DocumentContext Context)> _documents = new(CachedPerGeneration);

    // Keys recent answers reached (a key is a string the passage or document already holds):
    // what is reached again is worth keeping. Remembered over the span the caches themselves keep
    // an entry: a passage reached again only after that would have been pushed out before its reuse.
    private readonly BoundedCache<bool> _reachedLines = new(CachedPerGeneration);
    private readonly BoundedCache<bool> _reachedHeadings = new(CachedPerGeneration);
    private readonly BoundedCache<bool> _reachedDocuments = new(CachedPerGeneration);

    private readonly AsyncLocal<AnswerAnalyses?> _answer = new();

    /// <summary>
    /// Starts one answer's analyses (until disposed, on this flow of execution and the tasks it
    /// starts): what the answer analyses is kept for it, and shared only as the remarks say.
    /// Outside an answer everything analysed is cached.
    /// </summary>
    public IDisposable BeginAnswer()
    {
        var scope = new AnswerAnalyses(this, _answer.Value);
        _answer.Value = scope;
        return scope;
    }

    public AnalyzedLine[] Lines(Passage passage)
    {
        var answer = _answer.Value;
        if (answer is not null && answer.Lines.TryGet(passage, out var own))
        {
            return own;
        }
        if (_lines.TryGetValue(passage.Id, out var cached) && ReferenceEquals(cached.Owner, passage))
        {
            return cached.Lines;
        }
        var keep = answer is null || ReachedBefore(_reachedLines, passage.Id);
        var terms = knowledge.Statistics.SentenceTermsOf(passage, keep);
        var lines = passage.Sentences.Select((s, i) => Analyze(s, terms[i])).ToArray();
        if (keep)
        {
            _lines.Add(passage.Id, (passage, lines));
        }
        answer?.Lines.Set(passage, lines);
        return lines;
    }

    public AnalyzedLine Heading(Passage passage)
    {
        var answer = _answer.Value;
        if (answer is not null && answer.Headings.TryGet(passage, out var own))
        {
            return own;
        }
        if (_headings.TryGetValue(passage.Id, out var cached) && ReferenceEquals(cached.Owner, passage))
        {
            return cached.Line;
        }
        var line = Analyze(passage.Heading ?? "");
        if (answer is null || ReachedBefore(_reachedHeadings, passage.Id))
        {
            _headings.Add(passage.Id, (passage, line));
        }
        answer?.Headings.Set(passage, line);
        return line;
    }

    public DocumentContext Document(DocumentInfo document)
    {
        var answer = _answer.Value;
        if (answer is not null && answer.Documents.TryGet(document, out var own))
        {
            return own;
        }
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
        if (answer is null || ReachedBefore(_reachedDocuments, document.Id))
        {
            _documents.Add(document.Id, (document, context));
        }
        answer?.Documents.Set(document, context);
        return context;
    }

    /// <summary>Whether an earlier answer reached <paramref name="key"/>; records this one.</summary>
    private static bool ReachedBefore(BoundedCache<bool> reached, string key)
    {
        if (reached.TryGetValue(key, out _))
        {
            return true;
        }
        reached.Add(key, true);
        return false;
    }

    /// <summary>What one answer analysed, by the very passage or document object (scoring may run on several threads).</summary>
    private sealed class AnswerAnalyses(LineAnalyzer owner, AnswerAnalyses? outer) : IDisposable
    {
        public Memo<Passage, AnalyzedLine[]> Lines { get; } = new();

        public Memo<Passage, AnalyzedLine> Headings { get; } = new();

        public Memo<DocumentInfo, DocumentContext> Documents { get; } = new();

        public void Dispose() => owner._answer.Value = outer;
    }

    private sealed class Memo<TKey, TValue>
        where TKey : class
    {
        private readonly Dictionary<TKey, TValue> _values = new(ReferenceEqualityComparer.Instance);
        private readonly Lock _gate = new();

        public bool TryGet(TKey key, out TValue value)
        {
            lock (_gate)
            {
                return _values.TryGetValue(key, out value!);
            }
        }

        public void Set(TKey key, TValue value)
        {
            lock (_gate)
            {
                _values[key] = value;
            }
        }
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
