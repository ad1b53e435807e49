using System.Text;
using System.Text.Json.Nodes;
using ChatBot.Core.Answers;
using ChatBot.Teams.Rendering;
using ChatBot.Teams.Tests.Support;

namespace ChatBot.Teams.Tests;

public sealed class CitationCapTests
{
    private IReadOnlyList<JsonObject> Render(Answer answer, string? answerId, string? heading = null) => WireJson.Render(_renderer, answer, answerId, heading);

    private static int Size(JsonObject message) => WireJson.Size(message);

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
        var messages = Render(BusyDigest(documents), "a1", "Digest: what's new");

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
            Assert.True(Size(message) <= TeamsAnswerRenderer.MaxMessageBytes);
            seen.AddRange(positions);
        }
        Assert.Equal(Enumerable.Range(1, documents), seen.Order());
        Assert.Equal("default", messages[^1]["channelData"]!["feedbackLoop"]!["type"]!.GetValue<string>());
        Assert.StartsWith("**Digest: what's new**", messages[0]["text"]!.GetValue<string>());
    }

    [Fact]
    public void Twenty_citations_still_fit_in_one_message()
    {
        Assert.Single(Render(BusyDigest(20), null));
    }
}
