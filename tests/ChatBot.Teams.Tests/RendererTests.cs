using System.Text;
using System.Text.Json.Nodes;
using ChatBot.Core.Answers;
using ChatBot.Teams.Rendering;
using ChatBot.Teams.Tests.Support;

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
        var message = Assert.Single(Render(new Answer("q", true, "Answer [1].", [Cite(1, quote)], 1), null));
        var abstractText = message["entities"]![0]!["citation"]![0]!["appearance"]!["abstract"]!.GetValue<string>();
        Assert.True(abstractText.Length <= 160);
        Assert.EndsWith("partnership…", abstractText);
    }

    [Fact]
    public void Sources_without_url_get_no_open_action()
    {
        var message = Assert.Single(Render(new Answer("q", true, "A [1] B [2].", [Cite(1, "x"), Cite(2, "y", url: null)], 1), null));
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
        var message = Assert.Single(Render(new Answer("q", true, "A [1].", [Cite(1, "x", url)], 1), null));
        Assert.DoesNotContain(AllObjects(message), o => o["type"]?.GetValue<string>() == "Action.OpenUrl");
        Assert.Null(message["entities"]![0]!["citation"]![0]!["appearance"]!["url"]);
    }

    [Fact]
    public void Answer_id_adds_feedback_buttons_and_the_teams_feedback_loop()
    {
        var message = Assert.Single(Render(new Answer("q", true, "A [1].", [Cite(1, "x")], 1), "a42"));
        Assert.Equal("default", message["channelData"]!["feedbackLoop"]!["type"]!.GetValue<string>());
        var submits = AllObjects(message).Where(o => o["type"]?.GetValue<string>() == "Action.Submit").ToList();
        Assert.Equal(2, submits.Count);
        Assert.All(submits, s => Assert.Equal("a42", s["data"]!["answerId"]!.GetValue<string>()));
    }

    [Fact]
    public void Refusal_lists_the_engines_topics_once_and_carries_no_citations()
    {
        var message = Assert.Single(Render(AnswerEngine.Declined("q", ["semiconductors", "AI"]), null));
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

        var messages = Render(answer, "a1");

        Assert.True(messages.Count > 2);
        Assert.All(messages, m => Assert.True(Size(m) <= TeamsAnswerRenderer.MaxMessageBytes));
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
        var message = Render(new Answer("q", true, "Body [1].", [Cite(1, "x")], 1), null, "Summary: AI")[0];
        Assert.StartsWith("**Summary: AI**\n\nBody [1].", message["text"]!.GetValue<string>());
    }

    private IReadOnlyList<JsonObject> Render(Answer answer, string? answerId, string? heading = null) => WireJson.Render(_renderer, answer, answerId, heading);

    private static int Size(JsonObject message) => WireJson.Size(message);

    private static IEnumerable<JsonObject> AllObjects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => AllObjects(p.Value))),
        JsonArray a => a.SelectMany(AllObjects),
        _ => [],
    };
}
