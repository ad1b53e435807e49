using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Teams.Outgoing;

namespace ChatBot.Teams.Rendering;

/// <summary>
/// Turns the shared <see cref="Answer"/> into Teams message activities: markdown text keeping the
/// <c>[n]</c> markers, schema.org citation entities so Teams shows its native pop-ups, and an
/// Adaptive Card 1.5 listing the sources for clients without them. Output stays inside Teams'
/// message size limit by splitting when needed.
/// </summary>
public sealed class TeamsAnswerRenderer
{
    /// <summary>
    /// Teams measures a message as UTF-16 and has documented limits from 40 KB to 100 KB over time;
    /// 28 KB (with the addressing fields the Connector adds on top) stays inside all of them.
    /// </summary>
    internal const int MaxMessageBytes = 28 * 1024;

    internal const int MaxAbstract = 160;

    /// <summary>Teams rejects a message with more citations than this (400), so longer answers and digests are split.</summary>
    internal const int MaxCitationsPerMessage = 20;

    public const string FeedbackAction = "feedback";

    /// <param name="answerId">Answer log id; when given, the message offers feedback buttons.</param>
    /// <param name="heading">Optional bold first line (e.g. a summary or digest title).</param>
    public IReadOnlyList<MessageActivity> Render(Answer answer, string? answerId, string? heading = null)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(heading))
        {
            text.Append("**").Append(heading.Trim()).Append("**\n\n");
        }
        // A refusal's topic list is the engine's own text; adding it here would say it twice.
        text.Append(answer.Text.Trim());

        var citations = answer.Citations;
        var message = MessageActivity.Markdown(text.ToString());
        if (citations.Count > 0)
        {
            message = message with { Entities = [CitationEntity(citations)], Attachments = [SourcesCard(citations, answerId, quoteLength: 300)] };
        }
        else if (answerId is not null)
        {
            message = message with { Attachments = [FeedbackCard(answerId)] };
        }
        if (answerId is not null)
        {
            message = message with { ChannelData = FeedbackLoop() };
        }

        if (citations.Count > MaxCitationsPerMessage)
        {
            return SplitByCitations(text.ToString(), citations, answerId);
        }
        return Size(message) <= MaxMessageBytes ? [message] : Split(text.ToString(), citations, answerId);
    }

    /// <summary>Teams' built-in thumbs up/down with a comment box (the current <c>feedbackLoop</c> shape).</summary>
    private static OutgoingChannelData FeedbackLoop() => new(new FeedbackLoop());

    /// <summary>
    /// More than <see cref="MaxCitationsPerMessage"/> citations (a digest over a busy period): whole
    /// lines are packed into messages of at most that many citations (and the size budget), each
    /// carrying the citation entities and sources card its own markers need, numbers unchanged.
    /// </summary>
    private IReadOnlyList<MessageActivity> SplitByCitations(string text, IReadOnlyList<Citation> citations, string? answerId)
    {
        var maxChars = MaxMessageBytes / 2 / sizeof(char);
        var parts = new List<(StringBuilder Text, List<Citation> Used)>();
        var current = (Text: new StringBuilder(), Used: new List<Citation>());
        foreach (var line in text.Split('\n').SelectMany(l => l.Length > maxChars ? Chunk(l, maxChars) : [l]))
        {
            var cited = citations.Where(c => line.Contains($"[{c.N}]", StringComparison.Ordinal)).ToList();
            var merged = current.Used.Union(cited).ToList();
            if (current.Text.Length > 0 && (merged.Count > MaxCitationsPerMessage || current.Text.Length + line.Length + 1 > maxChars))
            {
                parts.Add(current);
                current = (new StringBuilder(), []);
                merged = cited;
            }
            current.Text.Append(current.Text.Length > 0 ? "\n" : "").Append(line);
            current.Used.Clear();
            current.Used.AddRange(merged);
        }
        parts.Add(current);

        // Citations no line marks (unusual) still get listed, in cards of their own.
        var unreferenced = citations.Except(parts.SelectMany(p => p.Used)).ToList();
        foreach (var group in unreferenced.Chunk(MaxCitationsPerMessage))
        {
            parts.Add((new StringBuilder("Sources"), group.ToList()));
        }

        var messages = new List<MessageActivity>();
        var nonEmpty = parts.Where(p => p.Text.ToString().Trim().Length > 0).ToList();
        foreach (var (partText, used) in nonEmpty)
        {
            var last = messages.Count == nonEmpty.Count - 1;
            var part = MessageActivity.Markdown(partText.ToString().Trim());
            var own = used.Take(MaxCitationsPerMessage).ToList();
            if (own.Count > 0)
            {
                part = part with { Entities = [CitationEntity(own)] };
                foreach (var quoteLength in new[] { 300, 120, 0 })
                {
                    part = part with { Attachments = [SourcesCard(own, last ? answerId : null, quoteLength)] };
                    if (Size(part) <= MaxMessageBytes)
                    {
                        break;
                    }
                }
                if (Size(part) > MaxMessageBytes)
                {
                    part = part with { Attachments = null };
                }
            }
            messages.Add(part);
        }
        if (answerId is not null)
        {
            messages[^1] = messages[^1] with
            {
                ChannelData = FeedbackLoop(),
                Attachments = messages[^1].Attachments ?? [FeedbackCard(answerId)],
            };
        }
        return messages;
    }

    /// <summary>A plain markdown message (command results, help, errors).</summary>
    public MessageActivity Text(string markdown) => MessageActivity.Markdown(markdown);

    /// <summary>Size as Teams counts it: the JSON payload in UTF-16.</summary>
    internal static int Size(MessageActivity message) =>
        JsonSerializer.Serialize(message, TeamsJsonContext.Outbound.MessageActivity).Length * sizeof(char);

    /// <summary>
    /// Oversized answers: text in several messages (each carrying the citation entities its markers
    /// need), then the sources card on its own, with quotes shortened until it fits.
    /// </summary>
    private IReadOnlyList<MessageActivity> Split(string text, IReadOnlyList<Citation> citations, string? answerId)
    {
        var messages = new List<MessageActivity>();
        // Half the budget for text leaves room for the citation entities each part carries.
        foreach (var chunk in Chunk(text, MaxMessageBytes / 2 / sizeof(char)))
        {
            var part = MessageActivity.Markdown(chunk);
            var used = citations.Where(c => chunk.Contains($"[{c.N}]", StringComparison.Ordinal)).ToList();
            if (used.Count > 0)
            {
                part = part with { Entities = [CitationEntity(used)] };
            }
            messages.Add(part);
        }

        if (citations.Count > 0)
        {
            foreach (var quoteLength in new[] { 300, 120, 0 })
            {
                var card = MessageActivity.Markdown("Sources") with { Attachments = [SourcesCard(citations, answerId, quoteLength)] };
                if (Size(card) <= MaxMessageBytes || quoteLength == 0)
                {
                    messages.Add(card);
                    break;
                }
            }
        }
        if (answerId is not null)
        {
            messages[^1] = messages[^1] with { ChannelData = FeedbackLoop() };
        }
        return messages;
    }

    /// <summary>The shared splitter: paragraph, sentence, word boundaries, and never a <c>[n]</c> apart from its sentence.</summary>
    internal static IReadOnlyList<string> Chunk(string text, int maxChars) => TextSplitter.Split(text, maxChars);

    /// <summary>The schema.org Message entity carrying one Claim per citation (Teams' native citations).</summary>
    internal static CitationEntity CitationEntity(IReadOnlyList<Citation> citations) =>
        new([.. citations.Select(c => new Claim(c.N, new DigitalDocument(Shorten(DatedTitle(c), 80), Shorten(c.Quote, MaxAbstract), WebUrl(c.Url))))]);

    private static CardAttachment SourcesCard(IReadOnlyList<Citation> citations, string? answerId, int quoteLength)
    {
        var body = new List<CardElement> { new TextBlock("Sources") { Weight = "Bolder", Size = "Medium" } };
        foreach (var citation in citations)
        {
            var items = new List<CardElement> { new TextBlock($"[{citation.N}] {citation.Title}") { Wrap = true, Weight = "Bolder" } };
            if (citation.Date is { } date)
            {
                items.Add(new TextBlock(date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)) { IsSubtle = true, Spacing = "None" });
            }
            if (quoteLength > 0)
            {
                items.Add(new TextBlock("“" + Shorten(citation.Quote, quoteLength) + "”") { Wrap = true, IsSubtle = true });
            }
            if (WebUrl(citation.Url) is { } url)
            {
                items.Add(new ActionSet([new OpenUrlAction("Open", url)]));
            }
            body.Add(new Container(items) { Separator = true });
        }
        return Card(body, answerId);
    }

    private static CardAttachment FeedbackCard(string answerId) =>
        Card([new TextBlock("Was this helpful?") { IsSubtle = true }], answerId);

    private static CardAttachment Card(IReadOnlyList<CardElement> body, string? answerId) =>
        new(new AdaptiveCard(body, answerId is null ? null : [FeedbackButton(answerId, true), FeedbackButton(answerId, false)]));

    private static SubmitAction FeedbackButton(string answerId, bool helpful) =>
        new(helpful ? "👍 Helpful" : "👎 Not helpful", new FeedbackData(FeedbackAction, answerId, helpful));

    /// <summary>Only absolute http(s) links: Teams rejects a whole message over one malformed card or citation URL.</summary>
    private static string? WebUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? url!.Trim()
            : null;

    private static string DatedTitle(Citation citation) =>
        citation.Date is { } date ? $"{citation.Title} ({date:yyyy-MM-dd})" : citation.Title;

    /// <summary>At most <paramref name="max"/> characters, cut at a word boundary with an ellipsis.</summary>
    internal static string Shorten(string text, int max)
    {
        var clean = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length <= max)
        {
            return clean;
        }
        var cut = clean.LastIndexOf(' ', max - 1);
        if (cut < max / 2)
        {
            cut = max - 1;
        }
        return clean[..cut].TrimEnd(' ', ',', ';', ':') + "…";
    }
}
