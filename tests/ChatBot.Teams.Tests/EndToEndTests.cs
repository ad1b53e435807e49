using System.Net;
using System.Text.Json.Nodes;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Teams.Tests.Fakes;

namespace ChatBot.Teams.Tests;

/// <summary>Through the real host: signed activities in, Connector calls out.</summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private FakeMicrosoft _microsoft = null!;
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _microsoft = await FakeMicrosoft.StartAsync();
        _host = await TeamsTestHost.StartAsync(_microsoft);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _microsoft.DisposeAsync();
    }

    [Fact]
    public async Task Signed_question_is_answered_with_markers_citation_entities_and_a_sources_card()
    {
        var response = await _host.PostAsync(TestActivities.Message(_microsoft, "When is the next council?", id: "act-1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var reply = (await _microsoft.WaitForMessagesAsync(1)).Single(s => s.Type == "message");
        Assert.Equal("a:personal-chat", reply.ConversationId);
        Assert.Equal("act-1", reply.ReplyToId);
        Assert.StartsWith("Bearer connector-token-", reply.Authorization);
        Assert.Contains("[1]", reply.Text);
        Assert.Contains("[2]", reply.Text);

        var entity = reply.Activity["entities"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "https://schema.org/Message")!;
        var claims = entity["citation"]!.AsArray();
        Assert.Equal([1, 2], claims.Select(c => c!["position"]!.GetValue<int>()));
        Assert.All(claims, c => Assert.True(c!["appearance"]!["abstract"]!.GetValue<string>().Length <= 160));
        Assert.Equal("https://example.org/present-and-future", claims[0]!["appearance"]!["url"]!.GetValue<string>());

        var card = reply.Activity["attachments"]!.AsArray().Single()!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", card["contentType"]!.GetValue<string>());
        Assert.Equal("1.5", card["content"]!["version"]!.GetValue<string>());
        var cardStrings = reply.Strings;
        Assert.Contains("[1] ROK–EU Digital Partnership: present and future", cardStrings);
        Assert.Contains("[2] First Digital Partnership Council", cardStrings);
        Assert.Contains("12 August 2025", cardStrings);
        Assert.Contains("https://example.org/first-council", cardStrings);
        Assert.Equal(2, CountOpenActions(card));
        Assert.True(reply.Activity["channelData"]!["feedbackLoopEnabled"]!.GetValue<bool>());

        // Typing went out before the answer, and the question reached the engine as asked.
        var all = _microsoft.Sent;
        Assert.True(all.ToList().FindIndex(s => s.Type == "typing") < all.ToList().FindIndex(s => s.Type == "message"));
        var asked = Assert.Single(_host.Engine.Requests);
        Assert.Equal("When is the next council?", asked.Question);
        Assert.Equal("teams", asked.Origin);
    }

    [Fact]
    public async Task Channel_mention_is_stripped_before_the_question_reaches_the_engine()
    {
        var message = TestActivities.Message(_microsoft, "<at>ChatBot</at> When is the next council?", conversationId: "19:general@thread.tacv2;messageid=111",
            conversationType: "channel", entities: [TestActivities.Mention()], teamsChannel: TestActivities.TeamsChannelId);
        await _host.PostAsync(message);

        var reply = (await _microsoft.WaitForMessagesAsync(1)).Single(s => s.Type == "message");
        Assert.Equal("When is the next council?", Assert.Single(_host.Engine.Requests).Question);
        Assert.Equal("19:general@thread.tacv2;messageid=111", reply.ConversationId);
        // The reference is kept for the channel, not for the thread.
        Assert.True(_host.Store.References.ContainsKey(new ChannelKey("teams", "19:general@thread.tacv2")));
    }

    [Fact]
    public async Task Repeated_activity_id_is_answered_once()
    {
        var message = TestActivities.Message(_microsoft, "When is the next council?", id: "dup-1");
        var first = await _host.PostAsync(message);
        var second = await _host.PostAsync(message);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        await _microsoft.WaitForMessagesAsync(1);
        // A later, different question is answered too; by then a duplicate would have been answered as well.
        await _host.PostAsync(TestActivities.Message(_microsoft, "topics", id: "after-dup"));
        var sent = await _microsoft.WaitForMessagesAsync(2);
        Assert.Single(sent, s => s.Type == "message" && s.ReplyToId == "dup-1");
        Assert.Single(_host.Engine.Requests);
    }

    [Fact]
    public async Task Bot_added_to_a_channel_stores_the_reference_and_a_forced_digest_posts_a_new_thread_there()
    {
        var response = await _host.PostAsync(TestActivities.BotAddedToChannel(_microsoft));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _microsoft.WaitForMessagesAsync(1); // the welcome
        var key = new ChannelKey("teams", TestActivities.TeamsChannelId);
        Assert.True(_host.Store.References.ContainsKey(key));

        var digests = (IDigestService)_host.Services.GetService(typeof(IDigestService))!;
        var record = await digests.PostNowAsync(key, CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Delivered, record.Outcome);

        var thread = Assert.Single(_microsoft.Sent, s => s.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
        Assert.True(thread.Body["isGroup"]!.GetValue<bool>());
        Assert.Equal(TestActivities.TeamsChannelId, thread.Body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal(TestActivities.TenantId, thread.Body["tenantId"]!.GetValue<string>());
        Assert.Contains("Digest", thread.Text);
        Assert.Contains("[1]", thread.Text);
        Assert.NotNull(thread.Activity["entities"]);
    }

    [Fact]
    public async Task Digest_to_an_unknown_conversation_fails_permanently()
    {
        var publisher = ((IEnumerable<IDigestPublisher>)_host.Services.GetService(typeof(IEnumerable<IDigestPublisher>))!).Single(p => p.Platform == "teams");
        var error = await Assert.ThrowsAsync<DeliveryFailedException>(() =>
            publisher.PublishAsync(new ChannelKey("teams", "19:never-seen"), StubDigestService.Compose(DateTimeOffset.UtcNow), CancellationToken.None));
        Assert.True(error.Permanent);
    }

    [Fact]
    public async Task Digest_into_a_conversation_the_bot_was_removed_from_fails_permanently()
    {
        await _host.PostAsync(TestActivities.Message(_microsoft, "help", id: "h-1", conversationId: "a:gone"));
        await _microsoft.WaitForMessagesAsync(1);
        _microsoft.Script(HttpStatusCode.Forbidden);

        var publisher = ((IEnumerable<IDigestPublisher>)_host.Services.GetService(typeof(IEnumerable<IDigestPublisher>))!).Single(p => p.Platform == "teams");
        var error = await Assert.ThrowsAsync<DeliveryFailedException>(() =>
            publisher.PublishAsync(new ChannelKey("teams", "a:gone"), StubDigestService.Compose(DateTimeOffset.UtcNow), CancellationToken.None));
        Assert.True(error.Permanent);
    }

    [Theory]
    [InlineData("help", "summary TOPIC")]
    [InlineData("topics", "Semiconductors")]
    [InlineData("summary semiconductors", "Summary: Semiconductors")]
    [InlineData("summary quantum", "Known topics")]
    [InlineData("summary semicon", "Did you mean **Semiconductors**")]
    [InlineData("digest subscribe 0 8 * * 1", "Subscribed")]
    [InlineData("digest subscribe every monday", "Could not subscribe")]
    [InlineData("digest unsubscribe", "no digest subscription")]
    [InlineData("digest status", "No digest subscription")]
    [InlineData("digest sideways", "Digest commands")]
    [InlineData("ask When is the next council?", "[1]")]
    [InlineData("What about quantum computing?", "Topics I can answer about")]
    public async Task Commands_reply_in_the_conversation(string text, string expected)
    {
        await _host.PostAsync(TestActivities.Message(_microsoft, text, id: "cmd"));
        var reply = (await _microsoft.WaitForMessagesAsync(1)).Single(s => s.Type == "message");
        Assert.Contains(expected, reply.Text);
    }

    [Fact]
    public async Task Digest_now_from_a_chat_posts_the_digest_then_confirms()
    {
        await _host.PostAsync(TestActivities.Message(_microsoft, "digest now", id: "dn", conversationId: "a:group", conversationType: "groupChat"));
        var sent = await _microsoft.WaitForMessagesAsync(2);
        var messages = sent.Where(s => s.Type == "message").ToList();
        Assert.Contains(messages, m => m.Text!.Contains("Digest: what's new") && m.ConversationId == "a:group");
        Assert.Contains(messages, m => m.Text == "Digest posted." && m.ReplyToId == "dn");
    }

    [Fact]
    public async Task Subscription_is_kept_per_channel_and_reported_by_status()
    {
        await _host.PostAsync(TestActivities.Message(_microsoft, "digest subscribe 30 7 * * 1-5", id: "s1", conversationId: "a:team-chat"));
        await _microsoft.WaitForMessagesAsync(1);
        await _host.PostAsync(TestActivities.Message(_microsoft, "digest status", id: "s2", conversationId: "a:team-chat"));
        var sent = await _microsoft.WaitForMessagesAsync(2);
        Assert.Contains(sent, s => s.ReplyToId == "s2" && s.Text!.Contains("`30 7 * * 1-5`"));
    }

    [Fact]
    public async Task Feedback_loop_vote_is_stored_with_the_question()
    {
        await _host.PostAsync(TestActivities.Message(_microsoft, "When is the next council?", id: "q-fb"));
        var reply = (await _microsoft.WaitForMessagesAsync(1)).Single(s => s.Type == "message");
        // The bot links message id and answer right after the Connector answers; wait for that link.
        var index = (ChatBot.Teams.Activities.AnswerMessageIndex)_host.Services.GetService(typeof(ChatBot.Teams.Activities.AnswerMessageIndex))!;
        for (var i = 0; i < 200 && await index.FindAsync(reply.ResponseId!, _host.Store, CancellationToken.None) is null; i++)
        {
            await Task.Delay(25);
        }

        var response = await _host.PostAsync(TestActivities.FeedbackInvoke(_microsoft, reply.ResponseId!, "dislike"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var vote = Assert.Single(_host.AnswerLog.Feedback);
        Assert.False(vote.Helpful);
        Assert.Equal("When is the next council?", _host.AnswerLog.Answers[vote.AnswerId].Answer.Question);
        Assert.Equal("00000000-0000-0000-0000-0000000000a1", vote.UserId);
    }

    [Fact]
    public async Task Card_feedback_button_is_stored_and_acknowledged()
    {
        await _host.PostAsync(TestActivities.Message(_microsoft, "When is the next council?", id: "q-card"));
        var reply = (await _microsoft.WaitForMessagesAsync(1)).Single(s => s.Type == "message");
        var helpful = reply.Activity["attachments"]![0]!["content"]!["actions"]!.AsArray()
            .Single(a => a!["data"]!["helpful"]!.GetValue<bool>())!["data"]!;

        await _host.PostAsync(TestActivities.Message(_microsoft, "", id: "vote", value: JsonNode.Parse(helpful.ToJsonString())));
        var sent = await _microsoft.WaitForMessagesAsync(2);
        Assert.Contains(sent, s => s.ReplyToId == "vote" && s.Text == "Thanks for the feedback.");
        Assert.True(Assert.Single(_host.AnswerLog.Feedback).Helpful);
    }

    [Fact]
    public async Task Unknown_invoke_is_refused_without_side_effects()
    {
        var invoke = new
        {
            type = "invoke",
            name = "composeExtension/query",
            id = "inv",
            serviceUrl = _microsoft.ServiceUrl,
            channelId = "msteams",
            conversation = new { id = "a:x" },
            recipient = new { id = TestActivities.BotId },
        };
        var response = await _host.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Empty(_microsoft.Sent);
    }

    private static int CountOpenActions(JsonNode node) => node switch
    {
        JsonObject o => (o["type"]?.GetValue<string>() == "Action.OpenUrl" && o["title"]?.GetValue<string>() == "Open" ? 1 : 0)
            + o.Sum(p => p.Value is null ? 0 : CountOpenActions(p.Value)),
        JsonArray a => a.Sum(n => n is null ? 0 : CountOpenActions(n)),
        _ => 0,
    };
}
