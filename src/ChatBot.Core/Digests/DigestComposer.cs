using System.Globalization;
using System.Text;
using ChatBot.Core.Answers;
using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;

namespace ChatBot.Core.Digests;

/// <summary>
/// Composes what is new in a period from the corpus change log: each added or changed document
/// once, under its topic, newest first, with the one sentence that best says what it is about,
/// quoted verbatim and cited. Like summaries, a digest holds the bot's subject: a line about
/// another partnership (by its own words, its section's or its document's) is never quoted, so a
/// document only about EU–Japan is not announced.
/// </summary>
/// <param name="partners">The partner file answers and summaries use; none: nothing is filtered.</param>
public sealed class DigestComposer(CorpusChangeTracker tracker, IKnowledgeBase knowledge, TopicCatalog catalog, Partners? partners = null) : IDigestComposer
{
    private static readonly IReadOnlySet<string> NoOtherPartner = new HashSet<string>();

    public const string OtherTopic = "Other";

    public async Task<Digest> ComposeAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await tracker.SyncAsync(cancellationToken);
        var documents = knowledge.Documents.ToDictionary(d => d.Id, StringComparer.Ordinal);

        var entries = new List<Entry>();
        foreach (var change in await tracker.CurrentAsync(cancellationToken))
        {
            var kind = change.FirstSeen > since ? DocumentChangeKind.Added : DocumentChangeKind.Changed;
            var at = kind == DocumentChangeKind.Added ? change.FirstSeen : change.LastChanged;
            if (at <= since || at > until || !documents.TryGetValue(change.DocumentId, out var document))
            {
                continue;
            }
            if (KeySentence(document) is not { } sentence)
            {
                continue;
            }
            var topic = catalog.Classify(document);
            entries.Add(new Entry(document, kind, at, topic?.Name ?? OtherTopic, sentence));
        }

        var groups = entries
            .GroupBy(e => e.Topic)
            .Select(g => g.OrderByDescending(Newest).ThenBy(e => e.Document.Title, StringComparer.OrdinalIgnoreCase).ToList())
            // Topics with the newest news first; "Other" last whatever its dates.
            .OrderBy(g => g[0].Topic == OtherTopic)
            .ThenByDescending(g => Newest(g[0]))
            .ThenBy(g => g[0].Topic, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var sections = new List<DigestSection>();
        var citations = new List<Citation>();
        var text = new StringBuilder();
        foreach (var group in groups)
        {
            var items = new List<DigestItem>();
            if (text.Length > 0)
            {
                text.AppendLine();
            }
            text.AppendLine(group[0].Topic);
            foreach (var entry in group)
            {
                var n = citations.Count + 1;
                var d = entry.Document;
                citations.Add(new Citation(n, d.Id, d.Title, d.Date, d.Url, entry.Sentence));
                items.Add(new DigestItem(d, entry.Kind, n));
                var when = d.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var label = (when, entry.Kind) switch
                {
                    (null, DocumentChangeKind.Changed) => " (updated)",
                    (null, _) => "",
                    (_, DocumentChangeKind.Changed) => $" ({when}, updated)",
                    _ => $" ({when})",
                };
                text.AppendLine($"• {d.Title}{label}: {entry.Sentence} [{n}]");
            }
            sections.Add(new DigestSection(group[0].Topic, items));
        }

        var question = since == DateTimeOffset.MinValue ? "What is in the partnership documents?" : $"What is new since {Day(since)}?";
        var body = sections.Count == 0
            ? new Answer(question, true, since == DateTimeOffset.MinValue
                ? "There are no partnership documents yet."
                : $"Nothing new in the partnership documents since {Day(since)}.", [], 1)
            : new Answer(question, true, text.ToString().TrimEnd(), citations, 1);
        return new Digest(since, until, sections, body with { DocumentsSearched = documents.Count });
    }

    /// <summary>
    /// The sentence that best represents a document: a complete statement (no heading, byline or
    /// title line) sharing the most meaningful words with the title, the earliest on a tie.
    /// </summary>
    internal string? KeySentence(DocumentInfo document)
    {
        var titleWords = ProseSentences.ContentWords(document.Title);
        var subject = partners ?? Partners.Empty;
        var passages = knowledge.PassagesOf(document.Id);
        var lead = subject.In(document.Title + " . " + (passages.Count == 0 ? "" : string.Join(" ", passages[0].Sentences.Take(3))));
        var candidates = passages
            .SelectMany(p => p.Sentences.Select(s => (Sentence: s, Passage: p)))
            .Select((x, position) => (x.Sentence, x.Passage, Position: position))
            .Where(c => !Partners.AboutOther(
                subject.In(c.Sentence),
                c.Passage.Heading is { } heading ? lead.Union(subject.In(heading)).ToHashSet() : lead,
                NoOtherPartner))
            .ToList();
        var best = candidates
            .Where(c => ProseSentences.IsProse(c.Sentence, c.Passage.Heading, document.Title))
            .Select(c => (Text: ProseSentences.Clean(c.Sentence), c.Position))
            .Select(c => (c.Text, c.Position, Overlap: ProseSentences.ContentWords(c.Text).Count(titleWords.Contains)))
            .OrderByDescending(c => c.Overlap)
            .ThenBy(c => c.Position)
            .Select(c => c.Text)
            .FirstOrDefault();
        // A document of fragments only still gets its first line, so it is not silently left out.
        return best ?? candidates.Select(c => ProseSentences.Clean(c.Sentence)).FirstOrDefault(s => s.Length > 0);
    }

    private static DateTimeOffset Newest(Entry entry) =>
        entry.Document.Date is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : entry.At;

    private static string Day(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private sealed record Entry(DocumentInfo Document, DocumentChangeKind Kind, DateTimeOffset At, string Topic, string Sentence);
}
