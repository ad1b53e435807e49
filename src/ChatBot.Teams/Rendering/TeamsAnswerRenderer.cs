using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatBot.Core.Answers;

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
    public IReadOnlyList<JsonObject> Render(Answer answer, string? answerId, string? heading = null)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(heading))
        {
            text.Append("**").Append(heading.Trim()).Append("**\n\n");
        }
        // A refusal's topic list is the engine's own text; adding it here would say it twice.
        text.Append(answer.Text.Trim());

        var citations = answer.Citations;
        var message = Message(text.ToString());
        if (citations.Count > 0)
        {
            message["entities"] = new JsonArray(CitationEntity(citations));
            message["attachments"] = new JsonArray(SourcesCard(citations, answerId, quoteLength: 300));
        }
        else if (answerId is not null)
        {
            message["attachments"] = new JsonArray(FeedbackCard(answerId));
        }
        if (answerId is not null)
        {
            message["channelData"] = FeedbackLoop();
        }

        if (citations.Count > MaxCitationsPerMessage)
        {
            return SplitByCitations(text.ToString(), citations, answerId);
        }
        return Size(message) <= MaxMessageBytes ? [message] : Split(text.ToString(), citations, answerId);
    }

    /// <summary>Teams' built-in thumbs up/down with a comment box (the current <c>feedbackLoop</c> shape).</summary>
    private static JsonObject FeedbackLoop() => new() { ["feedbackLoop"] = new JsonObject { ["type"] = "default" } };

    /// <summary>
    /// More than <see cref="MaxCitationsPerMessage"/> citations (a digest over a busy period): whole
    /// lines are packed into messages of at most that many citations (and the size budget), each
    /// carrying the citation entities and sources card its own markers need, numbers unchanged.
    /// </summary>
    private IReadOnlyList<JsonObject> SplitByCitations(string text, IReadOnlyList<Citation> citations, string? answerId)
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

        var messages = new List<JsonObject>();
        var nonEmpty = parts.Where(p => p.Text.ToString().Trim().Length > 0).ToList();
        foreach (var (partText, used) in nonEmpty)
        {
            var last = messages.Count == nonEmpty.Count - 1;
            var part = Message(partText.ToString().Trim());
            var own = used.Take(MaxCitationsPerMessage).ToList();
            if (own.Count > 0)
            {
                part["entities"] = new JsonArray(CitationEntity(own));
                foreach (var quoteLength in new[] { 300, 120, 0 })
                {
                    part["attachments"] = new JsonArray(SourcesCard(own, last ? answerId : null, quoteLength));
                    if (Size(part) <= MaxMessageBytes)
                    {
                        break;
                    }
                }
                if (Size(part) > MaxMessageBytes)
                {
                    part.Remove("attachments");
                }
            }
            messages.Add(part);
        }
        if (answerId is not null)
        {
            messages[^1]["channelData"] = FeedbackLoop();
            if (messages[^1]["attachments"] is null)
            {
                messages[^1]["attachments"] = new JsonArray(FeedbackCard(answerId));
            }
        }
        return messages;
    }

    /// <summary>A plain markdown message (command results, help, errors).</summary>
    public JsonObject Text(string markdown) => Message(markdown);

    /// <summary>Size as Teams counts it: the JSON payload in UTF-16.</summary>
    internal static int Size(JsonNode node) => node.ToJsonString(TeamsJson.Outbound).Length * sizeof(char);

    private static JsonObject Message(string text) => new()
    {
        ["type"] = "message",
        ["text"] = text,
        ["textFormat"] = "markdown",
    };

    /// <summary>
    /// Oversized answers: text in several messages (each carrying the citation entities its markers
    /// need), then the sources card on its own, with quotes shortened until it fits.
    /// </summary>
    private IReadOnlyList<JsonObject> Split(string text, IReadOnlyList<Citation> citations, string? answerId)
    {
        var messages = new List<JsonObject>();
        // Half the budget for text leaves room for the citation entities each part carries.
        foreach (var chunk in Chunk(text, MaxMessageBytes / 2 / sizeof(char)))
        {
            var part = Message(chunk);
            var used = citations.Where(c => chunk.Contains($"[{c.N}]", StringComparison.Ordinal)).ToList();
            if (used.Count > 0)
            {
                part["entities"] = new JsonArray(CitationEntity(used));
            }
            messages.Add(part);
        }

        if (citations.Count > 0)
        {
            foreach (var quoteLength in new[] { 300, 120, 0 })
            {
                var card = Message("Sources");
                card["attachments"] = new JsonArray(SourcesCard(citations, answerId, quoteLength));
                if (Size(card) <= MaxMessageBytes || quoteLength == 0)
                {
                    messages.Add(card);
                    break;
                }
            }
        }
        if (answerId is not null)
        {
            messages[^1]["channelData"] = FeedbackLoop();
        }
        return messages;
    }

    /// <summary>Cuts at paragraph, then sentence, then word boundaries so no chunk exceeds <paramref name="maxChars"/>.</summary>
    internal static IEnumerable<string> Chunk(string text, int maxChars)
    {
        var rest = text.Trim();
        while (rest.Length > maxChars)
        {
            var limit = char.IsLowSurrogate(rest[maxChars]) ? maxChars - 1 : maxChars;
            var cut = LastBoundary(rest, limit, "\n\n") ?? LastBoundary(rest, limit, ". ") ?? LastBoundary(rest, limit, " ") ?? limit;
            yield return rest[..cut].Trim();
            rest = rest[cut..].Trim();
        }
        if (rest.Length > 0)
        {
            yield return rest;
        }
    }

    private static int? LastBoundary(string text, int limit, string separator)
    {
        var at = text.LastIndexOf(separator, Math.Max(0, limit - 1), StringComparison.Ordinal);
        return at > limit / 4 ? at + separator.Length : null;
    }

    /// <summary>The schema.org Message entity carrying one Claim per citation (Teams' native citations).</summary>
    internal static JsonObject CitationEntity(IReadOnlyList<Citation> citations)
    {
        var claims = new JsonArray();
        foreach (var citation in citations)
        {
            var appearance = new JsonObject
            {
                ["@type"] = "DigitalDocument",
                ["name"] = Shorten(DatedTitle(citation), 80),
                ["abstract"] = Shorten(citation.Quote, MaxAbstract),
            };
            if (WebUrl(citation.Url) is { } url)
            {
                appearance["url"] = url;
            }
            claims.Add(new JsonObject
            {
                ["@type"] = "Claim",
                ["position"] = citation.N,
                ["appearance"] = appearance,
            });
        }
        return new JsonObject
        {
            ["type"] = "https://schema.org/Message",
            ["@type"] = "Message",
            ["@context"] = "https://schema.org",
            ["@id"] = "",
            ["additionalType"] = new JsonArray("AIGeneratedContent"),
            ["citation"] = claims,
        };
    }

    private static JsonObject SourcesCard(IReadOnlyList<Citation> citations, string? answerId, int quoteLength)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = "Sources", ["weight"] = "Bolder", ["size"] = "Medium" },
        };
        foreach (var citation in citations)
        {
            var items = new JsonArray
            {
                new JsonObject { ["type"] = "TextBlock", ["text"] = $"[{citation.N}] {citation.Title}", ["wrap"] = true, ["weight"] = "Bolder" },
            };
            if (citation.Date is { } date)
            {
                items.Add(new JsonObject
                {
                    ["type"] = "TextBlock",
                    ["text"] = date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
                    ["isSubtle"] = true,
                    ["spacing"] = "None",
                });
            }
            if (quoteLength > 0)
            {
                items.Add(new JsonObject
                {
                    ["type"] = "TextBlock",
                    ["text"] = "“" + Shorten(citation.Quote, quoteLength) + "”",
                    ["wrap"] = true,
                    ["isSubtle"] = true,
                });
            }
            if (WebUrl(citation.Url) is { } url)
            {
                items.Add(new JsonObject
                {
                    ["type"] = "ActionSet",
                    ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open", ["url"] = url }),
                });
            }
            body.Add(new JsonObject { ["type"] = "Container", ["separator"] = true, ["items"] = items });
        }
        return Card(body, answerId);
    }

    private static JsonObject FeedbackCard(string answerId) =>
        Card([new JsonObject { ["type"] = "TextBlock", ["text"] = "Was this helpful?", ["isSubtle"] = true }], answerId);

    private static JsonObject Card(JsonArray body, string? answerId)
    {
        var content = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
        };
        if (answerId is not null)
        {
            content["actions"] = new JsonArray(FeedbackButton(answerId, true), FeedbackButton(answerId, false));
        }
        return new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["content"] = content,
        };
    }

    private static JsonObject FeedbackButton(string answerId, bool helpful) => new()
    {
        ["type"] = "Action.Submit",
        ["title"] = helpful ? "👍 Helpful" : "👎 Not helpful",
        ["data"] = new JsonObject { ["action"] = FeedbackAction, ["answerId"] = answerId, ["helpful"] = helpful },
    };

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
