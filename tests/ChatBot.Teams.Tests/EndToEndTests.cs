using System.Net;
using System.Text.Json.Nodes;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Teams.Tests;

/// <summary>Through the real host: signed activities in, Connector calls out.</summary>
public sealed class EndToEndTests : WorkerTest
{
    [Fact]
    public async Task Signed_question_is_answered_with_markers_citation_entities_and_a_sources_card()
    {
        var response = await Worker.PostAsync(TestActivities.Message(Fake, "When is the next council?", id: "act-1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var reply = (await Fake.WaitForMessagesAsync(1)).Single(s => s.Type == "message");
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
        Assert.Equal("default", reply.Activity["channelData"]!["feedbackLoop"]!["type"]!.GetValue<string>());

        // Typing went out before the answer, and the question reached the engine as asked.
        var all = Fake.Sent;
        Assert.True(all.ToList().FindIndex(s => s.Type == "typing") < all.ToList().FindIndex(s => s.Type == "message"));
        var asked = Assert.Single(Worker.Engine.Requests);
        Assert.Equal("When is the next council?", asked.Question);
        Assert.Equal("teams", asked.Origin);
    }

    [Fact]
    public async Task Channel_mention_is_stripped_before_the_question_reaches_the_engine()
    {
        var message = TestActivities.Message(Fake, "<at>ChatBot</at> When is the next council?", conversationId: "19:general@thread.tacv2;messageid=111",
            conversationType: "channel", entities: [TestActivities.Mention()], teamsChannel: TestActivities.TeamsChannelId);
        await Worker.PostAsync(message);

        var reply = (await Fake.WaitForMessagesAsync(1)).Single(s => s.Type == "message");
        Assert.Equal("When is the next council?", Assert.Single(Worker.Engine.Requests).Question);
        Assert.Equal("19:general@thread.tacv2;messageid=111", reply.ConversationId);
        // The reference is kept for the channel, not for the thread.
        Assert.True(Worker.Store.References.ContainsKey(new ChannelKey("teams", "19:general@thread.tacv2")));
    }

    [Fact]
    public async Task Follow_up_question_reaches_the_engine_with_the_previous_one_of_the_same_conversation()
    {
        await Worker.PostAsync(TestActivities.Message(Fake, "When is the next council?", id: "f1", conversationId: "a:thread"));
        await Fake.WaitForMessagesAsync(1);
        await Worker.PostAsync(TestActivities.Message(Fake, "Where was the first council?", id: "f2", conversationId: "a:thread"));
        await Worker.PostAsync(TestActivities.Message(Fake, "Who chaired the council?", id: "f3", conversationId: "a:other"));
        await Fake.WaitForMessagesAsync(3);

        var requests = Worker.Engine.Requests.ToDictionary(r => r.Question);
        Assert.Null(requests["When is the next council?"].PreviousQuestion);
        Assert.Equal("When is the next council?", requests["Where was the first council?"].PreviousQuestion);
        Assert.Null(requests["Who chaired the council?"].PreviousQuestion);
    }

    [Fact]
    public async Task Repeated_activity_id_is_answered_once()
    {
        var message = TestActivities.Message(Fake, "When is the next council?", id: "dup-1");
        var first = await Worker.PostAsync(message);
        var second = await Worker.PostAsync(message);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        await Fake.WaitForMessagesAsync(1);
        // A later, different question is answered too; by then a duplicate would have been answered as well.
        await Worker.PostAsync(TestActivities.Message(Fake, "topics", id: "after-dup"));
        var sent = await Fake.WaitForMessagesAsync(2);
        Assert.Single(sent, s => s.Type == "message" && s.ReplyToId == "dup-1");
        Assert.Single(Worker.Engine.Requests);
    }

    [Fact]
    public async Task Bot_added_to_a_channel_stores_the_reference_and_a_forced_digest_posts_a_new_thread_there()
    {
        var response = await Worker.PostAsync(TestActivities.BotAddedToChannel(Fake));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Fake.WaitForMessagesAsync(1); // the welcome
        var key = new ChannelKey("teams", TestActivities.TeamsChannelId);
        Assert.True(Worker.Store.References.ContainsKey(key));

        var digests = (IDigestService)Worker.Services.GetService(typeof(IDigestService))!;
        var record = await digests.PostNowAsync(key, CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Delivered, record.Outcome);

        var thread = Assert.Single(Fake.Sent, s => s.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
        Assert.True(thread.Body["isGroup"]!.GetValue<bool>());
        Assert.Equal(TestActivities.TeamsChannelId, thread.Body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal(TestActivities.TenantId, thread.Body["tenantId"]!.GetValue<string>());
        Assert.Contains("What is new (", thread.Text);
        Assert.Contains("[1]", thread.Text);
        Assert.NotNull(thread.Activity["entities"]);
    }

    [Fact]
    public async Task Digest_to_an_unknown_conversation_fails_permanently()
    {
        var publisher = ((IEnumerable<IDigestPublisher>)Worker.Services.GetService(typeof(IEnumerable<IDigestPublisher>))!).Single(p => p.Platform == "teams");
        var error = await Assert.ThrowsAsync<DeliveryFailedException>(() =>
            publisher.PublishAsync(new ChannelKey("teams", "19:never-seen"), TeamsFakes.Digest(DateTimeOffset.UtcNow), CancellationToken.None));
        Assert.True(error.Permanent);
    }

    [Fact]
    public async Task Digest_into_a_conversation_the_bot_was_removed_from_fails_permanently()
    {
        await Worker.PostAsync(TestActivities.Message(Fake, "help", id: "h-1", conversationId: "a:gone"));
        await Fake.WaitForMessagesAsync(1);
        Fake.Script(HttpStatusCode.Forbidden);

        var publisher = ((IEnumerable<IDigestPublisher>)Worker.Services.GetService(typeof(IEnumerable<IDigestPublisher>))!).Single(p => p.Platform == "teams");
        var error = await Assert.ThrowsAsync<DeliveryFailedException>(() =>
            publisher.PublishAsync(new ChannelKey("teams", "a:gone"), TeamsFakes.Digest(DateTimeOffset.UtcNow), CancellationToken.None));
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
    [InlineData("What about quantum computing?", "I can answer questions about: semiconductors, data.")]
    public async Task Commands_reply_in_the_conversation(string text, string expected)
    {
        await Worker.PostAsync(TestActivities.Message(Fake, text, id: "cmd"));
        var reply = (await Fake.WaitForMessagesAsync(1)).Single(s => s.Type == "message");
        Assert.Contains(expected, reply.Text);
    }

    [Fact]
    public async Task Digest_now_from_a_chat_posts_the_digest_then_confirms()
    {
        await Worker.PostAsync(TestActivities.Message(Fake, "digest now", id: "dn", conversationId: "a:group", conversationType: "groupChat"));
        var sent = await Fake.WaitForMessagesAsync(2);
        var messages = sent.Where(s => s.Type == "message").ToList();
        Assert.Contains(messages, m => m.Text!.Contains("What is new (") && m.ConversationId == "a:group");
        Assert.Contains(messages, m => m.Text == "Digest posted." && m.ReplyToId == "dn");
    }

    [Fact]
    public async Task Subscription_is_kept_per_channel_and_reported_by_status()
    {
        await Worker.PostAsync(TestActivities.Message(Fake, "digest subscribe 30 7 * * 1-5", id: "s1", conversationId: "a:team-chat"));
        await Fake.WaitForMessagesAsync(1);
        await Worker.PostAsync(TestActivities.Message(Fake, "digest status", id: "s2", conversationId: "a:team-chat"));
        var sent = await Fake.WaitForMessagesAsync(2);
        Assert.Contains(sent, s => s.ReplyToId == "s2" && s.Text!.Contains("`30 7 * * 1-5`"));
    }

    [Fact]
    public async Task Feedback_loop_vote_is_stored_with_the_question()
    {
        await Worker.PostAsync(TestActivities.Message(Fake, "When is the next council?", id: "q-fb"));
        var reply = (await Fake.WaitForMessagesAsync(1)).Single(s => s.Type == "message");
        // The bot links message id and answer right after the Connector answers; wait for that link.
        var links = Worker.Services.GetRequiredService<IConversationContextStore>();
        for (var i = 0; i < 200 && await links.FindAnswerIdAsync(new ChannelKey("teams", "a:personal-chat"), reply.ResponseId!, CancellationToken.None) is null; i++)
        {
            await Task.Delay(25);
        }

        var invoke = TestActivities.FeedbackInvoke(Fake, reply.ResponseId!, "dislike");
        var response = await Worker.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Worker.PostAsync(invoke)).StatusCode); // Teams' retry counts once
        var vote = Assert.Single(Worker.AnswerLog.Feedback);
        Assert.False(vote.Helpful);
        Assert.Equal("When is the next council?", Worker.AnswerLog.Answers[vote.AnswerId].Answer.Question);
        Assert.Equal("00000000-0000-0000-0000-0000000000a1", vote.UserId);
    }

    [Fact]
    public async Task Card_feedback_button_is_stored_and_acknowledged()
    {
        await Worker.PostAsync(TestActivities.Message(Fake, "When is the next council?", id: "q-card"));
        var reply = (await Fake.WaitForMessagesAsync(1)).Single(s => s.Type == "message");
        var helpful = reply.Activity["attachments"]![0]!["content"]!["actions"]!.AsArray()
            .Single(a => a!["data"]!["helpful"]!.GetValue<bool>())!["data"]!;

        await Worker.PostAsync(TestActivities.Message(Fake, "", id: "vote", value: JsonNode.Parse(helpful.ToJsonString())));
        var sent = await Fake.WaitForMessagesAsync(2);
        Assert.Contains(sent, s => s.ReplyToId == "vote" && s.Text == "Thanks for the feedback.");
        Assert.True(Assert.Single(Worker.AnswerLog.Feedback).Helpful);
    }

    [Fact]
    public async Task Feedback_invoke_with_wrong_types_is_a_bad_request_not_a_crash()
    {
        var invoke = TestActivities.Invoke(Fake, "message/submitAction", new { actionName = "feedback", actionValue = new { reaction = 5 } }, replyToId: "msg-1");
        Assert.Equal(HttpStatusCode.BadRequest, (await Worker.PostAsync(invoke)).StatusCode);
        Assert.Empty(Worker.AnswerLog.Feedback);
    }

    [Fact]
    public async Task Unknown_invoke_is_refused_without_side_effects()
    {
        var invoke = TestActivities.Invoke(Fake, "composeExtension/query", new { commandId = "search" });
        var response = await Worker.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Empty(Fake.Sent);
    }

    private static int CountOpenActions(JsonNode node) => node switch
    {
        JsonObject o => (o["type"]?.GetValue<string>() == "Action.OpenUrl" && o["title"]?.GetValue<string>() == "Open" ? 1 : 0)
            + o.Sum(p => p.Value is null ? 0 : CountOpenActions(p.Value)),
        JsonArray a => a.Sum(n => n is null ? 0 : CountOpenActions(n)),
        _ => 0,
    };
}
