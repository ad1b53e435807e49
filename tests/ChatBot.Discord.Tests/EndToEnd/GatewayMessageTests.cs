using System.Text.Json.Nodes;
using ChatBot.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Discord.Tests.EndToEnd;

public sealed class GatewayMessageTests : WorkerOnFakeDiscord
{
    private IReadOnlyList<JsonNode> MessagesIn(string channelId) =>
        Fake.Messages.Where(m => m.ChannelId == channelId).Select(m => m.Body).ToList();

    [Fact]
    public async Task Identify_carries_token_and_the_four_intents()
    {
        var connection = await Fake.CurrentConnectionAsync();

        var identify = connection.Received.First(p => p["op"]!.GetValue<int>() == 2)["d"]!;
        Assert.Equal(FakeDiscord.Token, identify["token"]!.GetValue<string>());
        Assert.Equal((1 << 0) | (1 << 9) | (1 << 12) | (1 << 15), identify["intents"]!.GetValue<int>());
        Assert.NotNull(identify["properties"]!["os"]);
        await Fake.WaitUntilAsync(() => Worker.Gateway.Status == ChatBot.Discord.Gateway.GatewayStatus.Ready, "the bot to process READY");
        var health = await Worker.App.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("discord"));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task Mention_gets_the_engines_cited_answer_from_the_corpus()
    {
        var questionId = Payloads.NewId();
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(questionId, "When is the next council?"));

        await Fake.WaitUntilAsync(d => d.Requests.Any(r => r.Path.EndsWith("/threads", StringComparison.Ordinal)), "the follow-up thread");
        var reply = Assert.Single(MessagesIn(Payloads.ChannelId));
        var answer = Assert.Single(Worker.Engine.Answers);
        Assert.True(answer.Answered, "the corpus answers the council question");
        Assert.NotEmpty(answer.Citations);

        var content = reply["content"]!.GetValue<string>();
        Assert.Contains("[1]", content);
        Assert.StartsWith(answer.Text[..Math.Min(200, answer.Text.Length)].Trim(), content);
        Assert.Equal(questionId, reply["message_reference"]!["message_id"]!.GetValue<string>());
        var embed = reply["embeds"]![0]!;
        var sources = embed["description"]!.GetValue<string>();
        foreach (var citation in answer.Citations)
        {
            Assert.Contains(ChatBot.Discord.Rendering.DiscordAnswerRenderer.SourceLine(citation), sources);
            Assert.Contains($"{citation.N}. {citation.Title}", sources);
            if (citation.Url is { } url)
            {
                Assert.Contains($"<{url}>", sources);
            }
        }
        Assert.Equal($"Searched {answer.DocumentsSearched} documents", embed["footer"]!["text"]!.GetValue<string>());
        Assert.True(answer.DocumentsSearched > 1);

        var asked = Assert.Single(Worker.Engine.Requests);
        Assert.Equal("When is the next council?", asked.Question);
        Assert.Equal("discord", asked.Origin);
        Assert.Null(asked.PreviousQuestion);
        Assert.Contains(Fake.Requests, r => r.Method == "POST" && r.Path == $"channels/{Payloads.ChannelId}/typing");
    }

    [Fact]
    public async Task Reply_lists_sources_with_dates_and_wrapped_links_a_footer_and_buttons_and_pings_nobody()
    {
        Worker.Engine.Respond = FixedAnswers.CouncilAnswer;
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));

        await Fake.WaitUntilAsync(() => MessagesIn(Payloads.ChannelId).Count == 1, "the answer");
        var reply = MessagesIn(Payloads.ChannelId)[0];
        Assert.Equal("The next council meets in Brussels in 2024 [1], and councils alternate between Brussels and Seoul [2].", reply["content"]!.GetValue<string>());
        Assert.Empty(reply["allowed_mentions"]!["parse"]!.AsArray());
        var embed = reply["embeds"]![0]!;
        Assert.Equal("Sources", embed["title"]!.GetValue<string>());
        Assert.Equal(
            "1. First EU–Korea Digital Partnership Council (2023-06-30) <https://digital-strategy.ec.europa.eu/en/news/first-digital-partnership-council>\n"
            + "2. The ROK–EU Digital Partnership: present and future (2025-08-12) <https://example.org/rok-eu-digital-partnership>",
            embed["description"]!.GetValue<string>());
        Assert.Equal("Searched 2 documents", embed["footer"]!["text"]!.GetValue<string>());
        var buttons = reply["components"]![0]!["components"]!.AsArray().Select(b => b!["custom_id"]!.GetValue<string>()).ToList();
        var answerId = Assert.Single(Worker.AnswerLog.Answers).Id;
        Assert.Equal([$"quotes:{answerId}", $"fb:up:{answerId}", $"fb:down:{answerId}"], buttons);
        Assert.NotNull(reply["nonce"]);
        Assert.True(reply["enforce_nonce"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Question_in_the_bots_thread_is_asked_with_the_threads_first_question()
    {
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));
        await Fake.WaitUntilAsync(d => d.Requests.Any(r => r.Path.EndsWith("/threads", StringComparison.Ordinal)), "the follow-up thread");
        var replyId = Fake.Messages.Single().Id;
        Assert.Contains(Fake.Requests, r => r.Path == $"channels/{Payloads.ChannelId}/messages/{replyId}/threads");
        var threadId = await ThreadIdAsync();
        // The bot learns the thread id from the fake's response a moment after the request was recorded.
        var conversations = Worker.App.Services.GetRequiredService<ChatBot.Core.Conversations.ConversationService>();
        await Fake.WaitUntilAsync(() => conversations.IsStartedByBotAsync(new ChatBot.Core.Conversations.ChannelKey("discord", threadId), default), "the bot to know its thread");

        var followUpId = Payloads.NewId();
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(followUpId, "who chaired it?", channelId: threadId, mentionBot: false));
        await Fake.WaitUntilAsync(() => MessagesIn(threadId).Count == 1, "the answer in the thread");

        var followUp = Worker.Engine.Requests.Last();
        Assert.Equal("who chaired it?", followUp.Question);
        Assert.Equal("When is the next council?", followUp.PreviousQuestion);
        Assert.Equal(followUpId, MessagesIn(threadId)[0]["message_reference"]!["message_id"]!.GetValue<string>());
    }

    private async Task<string> ThreadIdAsync()
    {
        // The fake returned the thread id in its response; the bot's later replies into it reveal nothing, so read the fake's log.
        await Task.CompletedTask;
        var threadRequest = Fake.Requests.Last(r => r.Path.EndsWith("/threads", StringComparison.Ordinal));
        Assert.Contains("When is the next council?", threadRequest.Body);
        return Fake.LastThreadId!;
    }

    [Fact]
    public async Task Bots_itself_and_unmentioned_guild_messages_are_ignored_but_DMs_are_answered()
    {
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?", authorIsBot: true, authorId: "700000000000000001"));
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?", authorId: FakeDiscord.BotId));
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?", mentionBot: false));
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?", channelId: Payloads.DmChannelId, guildId: null, mentionBot: false));

        await Fake.WaitUntilAsync(() => MessagesIn(Payloads.DmChannelId).Count == 1, "the DM answer");
        // Dispatches are handled in order; the DM was last, so anything the others caused would have been requested by now.
        Assert.Single(Fake.Messages);
        Assert.Single(Worker.Engine.Requests);
        Assert.DoesNotContain(Fake.Requests, r => r.Path.EndsWith("/threads", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mentioning_the_bots_managed_role_asks_the_bot()
    {
        const string botRole = "700000000000000077";
        const string otherRole = "700000000000000078";
        await Fake.DispatchAsync("GUILD_CREATE", new
        {
            id = Payloads.GuildId,
            name = "Partnership watchers",
            roles = new object[]
            {
                new { id = otherRole, name = "ChatBot fans", managed = false },
                new { id = botRole, name = "ChatBot", managed = true, tags = new { bot_id = FakeDiscord.BotId } },
            },
        });
        await Fake.DispatchAsync("MESSAGE_CREATE", RoleMention(Payloads.NewId(), otherRole, "Who is a fan?"));
        await Fake.DispatchAsync("MESSAGE_CREATE", RoleMention(Payloads.NewId(), botRole, "When is the next council?"));

        await Fake.WaitUntilAsync(() => MessagesIn(Payloads.ChannelId).Count == 1, "the answer to the role mention");
        Assert.Equal("When is the next council?", Assert.Single(Worker.Engine.Requests).Question);
    }

    private static object RoleMention(string id, string roleId, string question) => new
    {
        id,
        channel_id = Payloads.ChannelId,
        guild_id = Payloads.GuildId,
        author = new { id = Payloads.UserId, username = "asker" },
        content = $"<@&{roleId}> {question}",
        mentions = Array.Empty<object>(),
        mention_roles = new[] { roleId },
        type = 0,
    };

    [Fact]
    public async Task Without_the_Message_Content_intent_the_bot_asks_for_less_and_ignores_textless_thread_messages()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var worker = await DiscordTestHost.StartAsync(discord, new Dictionary<string, string?> { ["Discord:Gateway:MessageContent"] = "false" });
        var connection = await discord.CurrentConnectionAsync();
        Assert.Equal((1 << 0) | (1 << 9) | (1 << 12), connection.Received.First(p => p["op"]!.GetValue<int>() == 2)["d"]!["intents"]!.GetValue<int>());

        await discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));
        await discord.WaitUntilAsync(d => d.LastThreadId is not null, "the follow-up thread");
        var threadId = discord.LastThreadId!;
        var conversations = worker.Service<ChatBot.Core.Conversations.ConversationService>();
        await discord.WaitUntilAsync(() => conversations.IsStartedByBotAsync(new ChatBot.Core.Conversations.ChannelKey("discord", threadId), default), "the bot to know its thread");
        // Discord sends un-mentioned messages without their text when the intent is off.
        await discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "", channelId: threadId, mentionBot: false));
        await discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "who chaired it?", channelId: threadId));

        await discord.WaitUntilAsync(d => d.Messages.Count(m => m.ChannelId == threadId) == 1, "the answer to the mention in the thread");
        Assert.Equal(2, worker.Engine.Requests.Count);
        Assert.DoesNotContain(discord.Messages, m => m.Body["content"]?.GetValue<string>() == ChatBot.Discord.Rendering.DiscordReplyRenderer.Help);
    }

    [Fact]
    public async Task Everyone_and_role_pings_in_the_question_cannot_ping()
    {
        Worker.Engine.Respond = request => new ChatBot.Core.Answers.Answer(request.Question, true, "Echo: " + request.Question + " [1]", [FixedAnswers.Council], 1);
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "@everyone <@&123456789012345678> When?"));

        await Fake.WaitUntilAsync(() => MessagesIn(Payloads.ChannelId).Count == 1, "the answer");
        var reply = MessagesIn(Payloads.ChannelId)[0];
        Assert.Contains("@everyone", reply["content"]!.GetValue<string>());
        Assert.Empty(reply["allowed_mentions"]!["parse"]!.AsArray());
        Assert.False(reply["allowed_mentions"]!["replied_user"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Token_is_never_logged()
    {
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));
        await Fake.WaitUntilAsync(() => MessagesIn(Payloads.ChannelId).Count == 1, "the answer");

        Assert.NotEmpty(Worker.Logs.Entries);
        Assert.DoesNotContain(Worker.Logs.Entries, e => e.Message.Contains(FakeDiscord.Token, StringComparison.Ordinal));
    }
    [Fact]
    public async Task Long_answer_is_posted_as_several_messages_the_first_one_replying()
    {
        var text = string.Join(" ", Enumerable.Range(1, 150).Select(i => $"Point {i} about the partnership is documented [1]."));
        Worker.Engine.Respond = request => FixedAnswers.CouncilAnswer(request) with { Text = text, Citations = [FixedAnswers.Council] };
        var questionId = Payloads.NewId();

        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(questionId, "Tell me everything"));
        await Fake.WaitUntilAsync(d => d.Requests.Any(r => r.Path.EndsWith("/threads", StringComparison.Ordinal)), "the thread after the last part");

        var parts = MessagesIn(Payloads.ChannelId);
        Assert.True(parts.Count >= 3);
        Assert.All(parts, p => Assert.InRange(p["content"]!.GetValue<string>().Length, 1, 2000));
        Assert.Equal(text, string.Join(" ", parts.Select(p => p["content"]!.GetValue<string>())));
        Assert.Equal(questionId, parts[0]["message_reference"]!["message_id"]!.GetValue<string>());
        Assert.All(parts.Skip(1), p => Assert.Null(p["message_reference"]));
        Assert.NotNull(parts[^1]["embeds"]);
        Assert.NotNull(parts[^1]["components"]);
    }

    [Fact]
    public async Task Malformed_dispatch_is_logged_and_the_connection_keeps_serving()
    {
        var connection = await Fake.CurrentConnectionAsync();
        await connection.DispatchAsync("MESSAGE_CREATE", JsonNode.Parse("""{"id":"1","author":"not an object","content":42}""")!);
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));

        await Fake.WaitUntilAsync(() => MessagesIn(Payloads.ChannelId).Count == 1, "the answer to the good message");
        Assert.Single(Fake.Connections);
        Assert.Contains(Worker.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("MESSAGE_CREATE", StringComparison.Ordinal));
    }
}
