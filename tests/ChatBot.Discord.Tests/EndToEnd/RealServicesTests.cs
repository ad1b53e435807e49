using System.Text.Json.Nodes;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Feedback;
using ChatBot.Core.Topics;
using ChatBot.Discord.Tests.Fakes;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>
/// The adapter over the real engine, topic catalog, summaries, SQLite answer log and digest
/// service (nothing replaced but the recorder in front of the engine).
/// </summary>
public sealed class RealServicesTests : IAsyncLifetime
{
    private FakeDiscord _discord = null!;
    private DiscordTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync();
        _host = await DiscordTestHost.StartAsync(_discord, doubles: false);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _discord.DisposeAsync();
    }

    private async Task<JsonNode> EditOf(string token) => (await _discord.EditOfAsync(token)).Json!;

    [Fact]
    public async Task Answer_buttons_work_against_the_stored_answer_log()
    {
        await _discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));
        await _discord.WaitUntilAsync(d => d.Messages.Count == 1, "the answer", timeoutMs: 30_000);
        var buttons = _discord.Messages[0].Body["components"]![0]!["components"]!.AsArray().Select(b => b!["custom_id"]!.GetValue<string>()).ToList();
        var answerId = buttons[0]["quotes:".Length..];
        var logged = await _host.Service<IAnswerLog>().FindAsync(answerId, CancellationToken.None);
        Assert.NotNull(logged);
        Assert.Equal("When is the next council?", logged.Answer.Question);
        Assert.Equal(new ChannelKey("discord", Payloads.ChannelId), logged.Channel);

        await _host.PostInteractionAsync(Payloads.Button(Payloads.NewId(), $"quotes:{answerId}", token: "quotes"));
        var quotes = (await EditOf("quotes"))["content"]!.GetValue<string>();
        foreach (var citation in logged.Answer.Citations)
        {
            Assert.Contains("> " + citation.Quote.Split('\n')[0].TrimEnd(), quotes);
        }

        var since = DateTimeOffset.UtcNow.AddMinutes(-5);
        await _host.PostInteractionAsync(Payloads.Button(Payloads.NewId(), $"fb:down:{answerId}", token: "vote"));
        Assert.Contains("feedback was recorded", (await EditOf("vote"))["content"]!.GetValue<string>());
        var report = await _host.Service<IAnswerLog>().ReportAsync(since, CancellationToken.None);
        var feedback = Assert.Single(report.Feedback);
        Assert.False(feedback.Helpful);
        Assert.Equal("When is the next council?", feedback.Question);
        Assert.Equal(Payloads.UserId, feedback.UserId);
    }

    [Fact]
    public async Task Votes_that_name_no_user_are_refused_so_they_cannot_stack_up_in_the_store()
    {
        await _discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));
        await _discord.WaitUntilAsync(d => d.Messages.Count == 1, "the answer", timeoutMs: 30_000);
        var answerId = _discord.Messages[0].Body["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>()["quotes:".Length..];
        var since = DateTimeOffset.UtcNow.AddMinutes(-5);

        var replies = new List<JsonNode>();
        for (var i = 0; i < 3; i++)
        {
            // A component interaction with neither member nor user (the store's unique key treats NULL users as all different).
            var response = await _host.PostInteractionAsync(new { id = Payloads.NewId(), application_id = FakeDiscord.ApplicationId, type = 3, token = $"anon-{i}", channel_id = Payloads.ChannelId, guild_id = Payloads.GuildId, data = new { custom_id = $"fb:down:{answerId}", component_type = 2 } });
            replies.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }

        var report = await _host.Service<IAnswerLog>().ReportAsync(since, CancellationToken.None);
        Assert.Empty(report.Feedback);
        Assert.All(replies, r => Assert.Contains("not recorded", r["data"]!["content"]!.GetValue<string>()));
        Assert.All(replies, r => Assert.Equal(64, r["data"]!["flags"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Autocomplete_and_topics_come_from_the_topic_catalog()
    {
        var catalog = _host.Service<ITopicCatalog>();
        var expected = catalog.Complete("sem", 25);
        Assert.NotEmpty(expected);

        var autocomplete = JsonNode.Parse(await (await _host.PostInteractionAsync(Payloads.Autocomplete(Payloads.NewId(), "sem"))).Content.ReadAsStringAsync())!;
        Assert.Equal(expected.Select(t => t.Id), autocomplete["data"]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));

        var topics = JsonNode.Parse(await (await _host.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "topics", []))).Content.ReadAsStringAsync())!;
        var content = topics["data"]!["content"]!.GetValue<string>();
        Assert.All(catalog.Topics, t => Assert.Contains($"{t.Name} — `{t.Id}`", content));
    }

    [Fact]
    public async Task Summary_of_a_known_topic_is_a_cited_overview()
    {
        await _host.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "summary", [Payloads.Option("topic", "semiconductors")], token: "summary"));

        var edit = await EditOf("summary");
        Assert.StartsWith("**Summary: Semiconductors**", edit["content"]!.GetValue<string>());
        Assert.Contains("[1]", edit["content"]!.GetValue<string>());
        Assert.StartsWith("1. ", edit["embeds"]![0]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Digest_subscribe_rejects_a_bad_cron_and_status_explains_the_schedule()
    {
        await _host.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "digest", [Payloads.Subcommand("subscribe", Payloads.Option("schedule", "every monday"))], token: "bad"));
        Assert.Contains("not accepted", (await EditOf("bad"))["content"]!.GetValue<string>());
        var channel = new ChannelKey("discord", Payloads.ChannelId);
        Assert.Null((await _host.Service<IDigestService>().StatusAsync(channel, CancellationToken.None)).Subscription);

        await _host.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "digest", [Payloads.Subcommand("subscribe", Payloads.Option("schedule", "0 8 * * 1"))], token: "sub"));
        Assert.Contains("`0 8 * * 1`", (await EditOf("sub"))["content"]!.GetValue<string>());

        await _host.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "digest", [Payloads.Subcommand("status")], token: "status"));
        var status = (await EditOf("status"))["content"]!.GetValue<string>();
        Assert.Contains("Subscribed on `0 8 * * 1`", status);
        Assert.Contains("Next run: ", status);
    }

    [Fact]
    public async Task Digest_now_posts_the_composed_digest_through_REST_and_status_records_it()
    {
        var channel = new ChannelKey("discord", Payloads.ChannelId);
        await _host.Service<IDigestService>().SubscribeAsync(channel, null, null, backfill: true, CancellationToken.None);

        await _host.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "digest", [Payloads.Subcommand("now")], token: "now"));

        Assert.Equal("Digest posted.", (await EditOf("now"))["content"]!.GetValue<string>());
        var posts = _discord.Messages.Where(m => m.ChannelId == Payloads.ChannelId).ToList();
        Assert.NotEmpty(posts);
        // A backfill reaches back to the beginning: headed by the day it reaches, never "0001-01-01".
        Assert.Matches(@"^\*\*What is new: the documents up to \d{4}-\d{2}-\d{2}\*\*", posts[0].Body["content"]!.GetValue<string>());
        Assert.DoesNotContain(posts, p => p.Body["content"]?.GetValue<string>().Contains("0001-01-01") == true);
        Assert.Contains(posts, p => p.Body["embeds"] is not null);
        Assert.All(posts, p => Assert.InRange(p.Body["content"]?.GetValue<string>().Length ?? 0, 0, 2000));
        var status = await _host.Service<IDigestService>().StatusAsync(channel, CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Delivered, status.RecentRuns[0].Outcome);
    }

    [Fact]
    public async Task Thread_context_survives_a_restart_through_the_conversation_store()
    {
        var dataPath = DiscordTestHost.NewDataPath();
        try
        {
            string threadId;
            await using (var discord = await FakeDiscord.StartAsync())
            await using (var first = await DiscordTestHost.StartAsync(discord, doubles: false, dataPath: dataPath))
            {
                await discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));
                await discord.WaitUntilAsync(d => d.LastThreadId is not null, "the thread", timeoutMs: 30_000);
                threadId = discord.LastThreadId!;
                var conversations = first.Service<ChatBot.Core.Conversations.ConversationService>();
                await discord.WaitUntilAsync(() => conversations.IsStartedByBotAsync(new ChatBot.Core.Conversations.ChannelKey("discord", threadId), default), "the bot to know its thread");
            }

            await using var discordAgain = await FakeDiscord.StartAsync();
            await using var second = await DiscordTestHost.StartAsync(discordAgain, doubles: false, dataPath: dataPath);
            await discordAgain.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "who chaired it?", channelId: threadId, mentionBot: false));

            await discordAgain.WaitUntilAsync(d => d.Messages.Any(m => m.ChannelId == threadId), "the answer in the old thread", timeoutMs: 30_000);
            var asked = Assert.Single(second.Engine.Requests);
            Assert.Equal("who chaired it?", asked.Question);
            Assert.Equal("When is the next council?", asked.PreviousQuestion);
        }
        finally
        {
            DiscordTestHost.DeleteDataPath(dataPath);
        }
    }

    [Fact]
    public async Task Unmentioned_message_in_a_channel_the_bot_does_not_own_is_ignored_even_after_asking_the_store()
    {
        await _discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?", channelId: "700000000000000077", mentionBot: false));
        await _discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?", channelId: Payloads.DmChannelId, guildId: null, mentionBot: false));

        await _discord.WaitUntilAsync(d => d.Messages.Any(m => m.ChannelId == Payloads.DmChannelId), "the DM answer", timeoutMs: 30_000);
        Assert.DoesNotContain(_discord.Messages, m => m.ChannelId == "700000000000000077");
        Assert.Single(_host.Engine.Requests);
    }
}
