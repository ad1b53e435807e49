using System.Text.RegularExpressions;
using ChatBot.Core.Answers;
using ChatBot.Discord.Rendering;
using ChatBot.Discord.Rest;

namespace ChatBot.Discord.Tests.Rendering;

public sealed partial class DiscordAnswerRendererTests
{
    private readonly DiscordAnswerRenderer _renderer = new();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Marker();

    private static Citation Cite(int n, int titleLength = 40, string? url = "https://example.org/doc") =>
        new(n, $"doc-{n}", $"Title {n} " + new string('t', Math.Max(0, titleLength - 8)), new DateOnly(2024, 3, n % 28 + 1), url, $"Quote {n} says something verbatim.");

    private static void AssertWithinLimits(MessagePayload message)
    {
        Assert.True((message.Content?.Length ?? 0) <= DiscordLimits.Content);
        var embeds = message.Embeds ?? [];
        Assert.True(embeds.Count <= DiscordLimits.EmbedsPerMessage);
        Assert.True(embeds.Sum(DiscordAnswerRenderer.EmbedSize) <= DiscordLimits.EmbedsTotal);
        foreach (var embed in embeds)
        {
            Assert.True((embed.Title?.Length ?? 0) <= DiscordLimits.EmbedTitle);
            Assert.True((embed.Description?.Length ?? 0) <= DiscordLimits.EmbedDescription);
            Assert.True((embed.Footer?.Text.Length ?? 0) <= DiscordLimits.EmbedFooter);
            Assert.True((embed.Fields?.Count ?? 0) <= DiscordLimits.EmbedFields);
        }
        foreach (var button in (message.Components ?? []).SelectMany(r => r.Components))
        {
            Assert.True(button.Label.Length <= DiscordLimits.ButtonLabel);
            Assert.True((button.CustomId?.Length ?? 0) <= DiscordLimits.CustomId);
        }
        Assert.Empty(message.AllowedMentions.Parse);
    }

    [Fact]
    public void Limits_match_Discords_documentation()
    {
        Assert.Equal(2000, DiscordLimits.Content);
        Assert.Equal(10, DiscordLimits.EmbedsPerMessage);
        Assert.Equal(256, DiscordLimits.EmbedTitle);
        Assert.Equal(4096, DiscordLimits.EmbedDescription);
        Assert.Equal(25, DiscordLimits.EmbedFields);
        Assert.Equal(1024, DiscordLimits.EmbedFieldValue);
        Assert.Equal(2048, DiscordLimits.EmbedFooter);
        Assert.Equal(6000, DiscordLimits.EmbedsTotal);
        Assert.Equal(25, DiscordLimits.AutocompleteChoices);
    }

    [Fact]
    public void Short_answer_is_one_message_with_sources_footer_and_buttons()
    {
        var answer = new Answer("q", true, "Seoul hosted it [1]. Brussels is next [2].", [Cite(1), Cite(2, url: null)], 0.9) { DocumentsSearched = 14 };

        var message = Assert.Single(_renderer.Render(answer, "a7"));

        Assert.Equal("Seoul hosted it [1]. Brussels is next [2].", message.Content);
        var embed = Assert.Single(message.Embeds!);
        Assert.Equal($"1. {Cite(1).Title} (2024-03-02) <https://example.org/doc>\n2. {Cite(2).Title} (2024-03-03)", embed.Description);
        Assert.Equal("Searched 14 documents", embed.Footer!.Text);
        Assert.Equal(["quotes:a7", "fb:up:a7", "fb:down:a7"], message.Components!.Single().Components.Select(b => b.CustomId));
        AssertWithinLimits(message);
    }

    [Fact]
    public void Long_answer_with_many_long_sources_is_split_within_every_limit()
    {
        var text = string.Join(" ", Enumerable.Range(1, 120).Select(i => $"Finding {i} is supported by the record [{i % 60 + 1}]."));
        var citations = Enumerable.Range(1, 60).Select(n => Cite(n, titleLength: 300, url: "https://example.org/" + new string('p', 150))).ToList();
        var answer = new Answer("q", true, text, citations, 0.5) { DocumentsSearched = 60 };

        var messages = _renderer.Render(answer, "a1");

        Assert.True(messages.Count > 2);
        Assert.All(messages, AssertWithinLimits);
        Assert.Equal(text.Split(' '), messages.Where(m => m.Content is not null).SelectMany(m => m.Content!.Split(' ')));
        Assert.Equal(Marker().Matches(text).Count, messages.Sum(m => Marker().Matches(m.Content ?? "").Count));
        var lines = messages.SelectMany(m => m.Embeds ?? []).SelectMany(e => e.Description!.Split('\n')).ToList();
        Assert.Equal(Enumerable.Range(1, 60).Select(n => $"{n}. "), lines.Select(l => l[..(l.IndexOf('.') + 2)]));
        Assert.All(lines, l => Assert.Contains("…", l));
        Assert.NotNull(messages[^1].Components);
        Assert.All(messages.SkipLast(1), m => Assert.Null(m.Components));
        Assert.Single(messages.SelectMany(m => m.Embeds ?? []), e => e.Footer is not null);
    }

    [Fact]
    public void Refusal_shows_the_engines_topic_list_once_and_offers_only_feedback_buttons()
    {
        var answer = AnswerEngine.Declined("q", ["Semiconductors", "5G and 6G"]);

        var message = Assert.Single(_renderer.Render(answer, "a2"));

        Assert.Equal(answer.Text, message.Content);
        Assert.Single(Regex.Matches(message.Content!, "I can answer questions about"));
        Assert.Contains("Semiconductors, 5G and 6G", message.Content);
        Assert.Null(message.Embeds);
        Assert.Equal(["fb:up:a2", "fb:down:a2"], message.Components!.Single().Components.Select(b => b.CustomId));
    }

    [Fact]
    public void No_answer_id_means_no_buttons()
    {
        var answer = new Answer("q", true, "Text [1].", [Cite(1)], 1) { DocumentsSearched = 1 };

        var message = Assert.Single(_renderer.Render(answer, answerId: null));

        Assert.Null(message.Components);
        Assert.Equal("Searched 1 document", message.Embeds![0].Footer!.Text);
    }

    [Fact]
    public void Quotes_are_verbatim_block_quotes_per_citation_and_ephemeral()
    {
        var answer = new Answer("q", true, "x [1] [2]", [Cite(1), Cite(2) with { Quote = "Line one.\nLine two." }], 1);

        var message = Assert.Single(_renderer.RenderQuotes(answer));

        Assert.Equal(MessagePayload.EphemeralFlag, message.Flags);
        Assert.Contains($"**[1] {Cite(1).Title}** (2024-03-02)\n> Quote 1 says something verbatim.\n<https://example.org/doc>", message.Content);
        Assert.Contains("> Line one.\n> Line two.", message.Content);
    }

    [Fact]
    public void Many_long_quotes_are_split_over_several_ephemeral_messages_within_limits()
    {
        var citations = Enumerable.Range(1, 12).Select(n => Cite(n) with { Quote = string.Join(" ", Enumerable.Repeat($"quote{n}", 200)) }).ToList();

        var messages = _renderer.RenderQuotes(new Answer("q", true, "x", citations, 1));

        Assert.True(messages.Count > 1);
        Assert.All(messages, m => Assert.True(m.Content!.Length <= DiscordLimits.Content));
        Assert.All(messages, m => Assert.Equal(MessagePayload.EphemeralFlag, m.Flags));
        Assert.All(Enumerable.Range(1, 12), n => Assert.Contains(messages, m => m.Content!.Contains($"**[{n}] ", StringComparison.Ordinal)));
    }
}
