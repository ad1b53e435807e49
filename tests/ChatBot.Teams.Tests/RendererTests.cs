using System.Text;
using System.Text.Json.Nodes;
using ChatBot.Core.Answers;
using ChatBot.Teams.Rendering;

namespace ChatBot.Teams.Tests;

public sealed class RendererTests
{
    private readonly TeamsAnswerRenderer _renderer = new();

    private static Citation Cite(int n, string quote, string? url = "https://example.org/doc") =>
        new(n, $"doc-{n}", $"Document {n}", new DateOnly(2024, 3, n), url, quote);

    [Fact]
    public void Abstracts_are_at_most_160_characters_and_cut_at_a_word()
    {
        var quote = string.Join(' ', Enumerable.Repeat("partnership", 40));
        var message = Assert.Single(_renderer.Render(new Answer("q", true, "Answer [1].", [Cite(1, quote)], 1), null));
        var abstractText = message["entities"]![0]!["citation"]![0]!["appearance"]!["abstract"]!.GetValue<string>();
        Assert.True(abstractText.Length <= 160);
        Assert.EndsWith("partnership…", abstractText);
    }

    [Fact]
    public void Sources_without_url_get_no_open_action()
    {
        var message = Assert.Single(_renderer.Render(new Answer("q", true, "A [1] B [2].", [Cite(1, "x"), Cite(2, "y", url: null)], 1), null));
        var json = message.ToJsonString();
        Assert.Single(AllObjects(message), o => o["type"]?.GetValue<string>() == "Action.OpenUrl");
        Assert.DoesNotContain("\"url\":null", json);
        Assert.Null(message["channelData"]); // no answer id, no feedback loop
    }

    [Theory]
    [InlineData("docs/local-file.md")]
    [InlineData("javascript:alert(1)")]
    [InlineData("not a url")]
    public void Malformed_or_unsafe_urls_are_left_out_of_card_and_citations(string url)
    {
        var message = Assert.Single(_renderer.Render(new Answer("q", true, "A [1].", [Cite(1, "x", url)], 1), null));
        Assert.DoesNotContain(AllObjects(message), o => o["type"]?.GetValue<string>() == "Action.OpenUrl");
        Assert.Null(message["entities"]![0]!["citation"]![0]!["appearance"]!["url"]);
    }

    [Fact]
    public void Answer_id_adds_feedback_buttons_and_the_teams_feedback_loop()
    {
        var message = Assert.Single(_renderer.Render(new Answer("q", true, "A [1].", [Cite(1, "x")], 1), "a42"));
        Assert.Equal("default", message["channelData"]!["feedbackLoop"]!["type"]!.GetValue<string>());
        var submits = AllObjects(message).Where(o => o["type"]?.GetValue<string>() == "Action.Submit").ToList();
        Assert.Equal(2, submits.Count);
        Assert.All(submits, s => Assert.Equal("a42", s["data"]!["answerId"]!.GetValue<string>()));
    }

    [Fact]
    public void Refusal_lists_the_engines_topics_once_and_carries_no_citations()
    {
        var message = Assert.Single(_renderer.Render(AnswerEngine.Declined("q", ["semiconductors", "AI"]), null));
        var text = message["text"]!.GetValue<string>();
        Assert.Contains("semiconductors, AI", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "semiconductors, AI"));
        Assert.Null(message["entities"]);
    }

    [Fact]
    public void Oversized_answer_is_split_into_messages_within_the_limit_keeping_each_markers_citation()
    {
        var sentence = new StringBuilder();
        for (var i = 0; i < 900; i++)
        {
            sentence.Append($"Sentence {i} about the partnership ").Append(i % 2 == 0 ? "[1]. " : "[2]. ");
        }
        var quote = new string('q', 2000);
        var answer = new Answer("q", true, sentence.ToString(), [Cite(1, quote), Cite(2, quote)], 1);

        var messages = _renderer.Render(answer, "a1");

        Assert.True(messages.Count > 2);
        Assert.All(messages, m => Assert.True(TeamsAnswerRenderer.Size(m) <= TeamsAnswerRenderer.MaxMessageBytes));
        var texts = messages.Select(m => m["text"]!.GetValue<string>()).ToList();
        Assert.Equal(answer.Text.Replace(" ", ""), string.Concat(texts.Take(texts.Count - 1)).Replace(" ", ""));
        foreach (var message in messages.Where(m => m["text"]!.GetValue<string>().Contains("[1]")))
        {
            Assert.Contains(message["entities"]![0]!["citation"]!.AsArray(), c => c!["position"]!.GetValue<int>() == 1);
        }
        Assert.NotNull(messages[^1]["attachments"]);
        Assert.Equal("default", messages[^1]["channelData"]!["feedbackLoop"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Chunks_prefer_sentence_boundaries()
    {
        var text = string.Join(" ", Enumerable.Range(0, 50).Select(i => $"This is sentence number {i}."));
        var chunks = TeamsAnswerRenderer.Chunk(text, 200).ToList();
        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.True(c.Length <= 200));
        Assert.All(chunks, c => Assert.EndsWith(".", c));
    }

    [Fact]
    public void Heading_is_bold_above_the_text()
    {
        var message = _renderer.Render(new Answer("q", true, "Body [1].", [Cite(1, "x")], 1), null, "Summary: AI")[0];
        Assert.StartsWith("**Summary: AI**\n\nBody [1].", message["text"]!.GetValue<string>());
    }

    private static IEnumerable<JsonObject> AllObjects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => AllObjects(p.Value))),
        JsonArray a => a.SelectMany(AllObjects),
        _ => [],
    };
}

public sealed class CitationCapTests
{
    private readonly TeamsAnswerRenderer _renderer = new();

    private static Citation Cite(int n) => new(n, $"doc-{n}", $"Document {n}", new DateOnly(2024, 3, 1 + n % 28), $"https://example.org/doc-{n}", $"Key sentence of document {n}.");

    /// <summary>A digest over a busy period: 45 documents in three topics, one cited line each.</summary>
    private static Answer BusyDigest(int documents)
    {
        var text = new StringBuilder();
        for (var n = 1; n <= documents; n++)
        {
            if (n % 15 == 1)
            {
                text.Append(n == 1 ? "" : "\n").Append($"Topic {n / 15 + 1}\n");
            }
            text.Append($"• Document {n} (2024-03-01): Key sentence of document {n}. [{n}]\n");
        }
        return new Answer("What is new?", true, text.ToString().TrimEnd(), [.. Enumerable.Range(1, documents).Select(Cite)], 1);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(45)]
    [InlineData(130)]
    public void No_message_carries_more_than_twenty_citations_and_every_marker_keeps_its_citation(int documents)
    {
        var messages = _renderer.Render(BusyDigest(documents), "a1", "Digest: what's new");

        Assert.True(messages.Count >= (documents + 19) / 20);
        var seen = new List<int>();
        foreach (var message in messages)
        {
            var claims = message["entities"]?[0]?["citation"]?.AsArray() ?? [];
            Assert.True(claims.Count <= TeamsAnswerRenderer.MaxCitationsPerMessage, $"{claims.Count} citations in one message");
            var positions = claims.Select(c => c!["position"]!.GetValue<int>()).ToList();
            var text = message["text"]!.GetValue<string>();
            // Every [n] in this message's text has its citation in this message, and nothing else is cited.
            var markers = System.Text.RegularExpressions.Regex.Matches(text, @"\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value)).ToList();
            Assert.Equal(markers.Order(), positions.Order());
            Assert.True(TeamsAnswerRenderer.Size(message) <= TeamsAnswerRenderer.MaxMessageBytes);
            seen.AddRange(positions);
        }
        Assert.Equal(Enumerable.Range(1, documents), seen.Order());
        Assert.Equal("default", messages[^1]["channelData"]!["feedbackLoop"]!["type"]!.GetValue<string>());
        Assert.StartsWith("**Digest: what's new**", messages[0]["text"]!.GetValue<string>());
    }

    [Fact]
    public void Twenty_citations_still_fit_in_one_message()
    {
        Assert.Single(_renderer.Render(BusyDigest(20), null));
    }
}

public sealed class DigestStatusTextTests
{
    [Fact]
    public void Status_shows_attempts_interruptions_and_parts_that_may_be_missing()
    {
        var channel = new ChatBot.Core.Conversations.ChannelKey("teams", "19:c@thread.tacv2");
        var run = new ChatBot.Core.Digests.DeliveryRecord(7, channel, new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), DateTimeOffset.UtcNow,
            ChatBot.Core.Digests.DeliveryOutcome.Uncertain, "Posted 45 new or changed document(s) in 3 topic(s) (attempt 3). But 1 part(s) may not have arrived", 3)
        {
            History =
            [
                "Attempt 1 failed: Teams did not accept the post: Connector answered 502 Retrying at 2026-03-02 08:01 UTC.",
                "Attempt 2 was interrupted by a shutdown after 2 part(s) went out (1 of them may not have arrived); the next start resumes it.",
                "Part 2 of 3 may or may not have been posted (interrupted); it is not posted again, to avoid a duplicate.",
            ],
        };
        var text = CommandReplies.Status(new ChatBot.Core.Digests.ChannelDigestStatus(channel, null, null, [run]));

        Assert.Contains("Uncertain, 3 attempts", text);
        Assert.Contains("Attempt 1 failed", text);
        Assert.Contains("interrupted by a shutdown", text);
        Assert.Contains("Part 2 of 3 may or may not have been posted", text);
    }
}
