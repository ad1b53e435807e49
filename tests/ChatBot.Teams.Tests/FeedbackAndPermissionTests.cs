using System.Net;
using System.Text.Json.Nodes;
using ChatBot.Core.Conversations;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using ChatBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Teams.Tests;

/// <summary>Votes are bound to their conversation; channel digests are changed by team owners; user text is never echoed as a link.</summary>
public sealed class FeedbackAndPermissionTests : WorkerTest
{
    private FakeDigestService Digests => (FakeDigestService)Worker.Services.GetRequiredService<ChatBot.Core.Digests.IDigestService>();

    private async Task<SentActivity> AskAndWaitForTheLinkAsync(string conversationId)
    {
        await Worker.PostAsync(TestActivities.Message(Fake, "When is the next council?", id: "q-" + conversationId, conversationId: conversationId));
        var reply = (await Fake.WaitForMessagesAsync(1, s => s.ConversationId == conversationId)).First(s => s.Type == "message" && s.ConversationId == conversationId);
        var links = Worker.Services.GetRequiredService<IConversationContextStore>();
        for (var i = 0; i < 200 && await links.FindAnswerIdAsync(new ChannelKey("teams", conversationId), reply.ResponseId!, CancellationToken.None) is null; i++)
        {
            await Task.Delay(25);
        }
        return reply;
    }

    [Fact]
    public async Task Feedback_loop_vote_keeps_the_typed_comment()
    {
        var reply = await AskAndWaitForTheLinkAsync("a:personal-chat");
        var response = await Worker.PostAsync(TestActivities.FeedbackInvoke(Fake, reply.ResponseId!, "dislike", comment: "  The date is wrong.  "));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var vote = Assert.Single(Worker.AnswerLog.Feedback);
        Assert.False(vote.Helpful);
        Assert.Equal("The date is wrong.", vote.Comment);
    }

    [Fact]
    public async Task Feedback_loop_vote_from_another_conversation_does_not_count()
    {
        var reply = await AskAndWaitForTheLinkAsync("a:personal-chat");
        // Same message id, sent from the attacker's own chat with the bot.
        var response = await Worker.PostAsync(TestActivities.FeedbackInvoke(Fake, reply.ResponseId!, "dislike", conversationId: "a:attacker-chat"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Worker.AnswerLog.Feedback);
    }

    [Fact]
    public async Task Card_vote_naming_an_answer_of_another_conversation_does_not_count()
    {
        var reply = await AskAndWaitForTheLinkAsync("a:victim-chat");
        var data = reply.Activity["attachments"]![0]!["content"]!["actions"]!.AsArray().First()!["data"]!;

        await Worker.PostAsync(TestActivities.Message(Fake, "", id: "forged-vote", conversationId: "a:attacker-chat", value: JsonNode.Parse(data.ToJsonString())));

        var sent = await Fake.WaitForMessagesAsync(1, s => s.ReplyToId == "forged-vote");
        Assert.Contains(sent, s => s.ReplyToId == "forged-vote" && s.Text!.Contains("could not find", StringComparison.Ordinal));
        Assert.Empty(Worker.AnswerLog.Feedback);
    }

    [Theory]
    [InlineData("digest subscribe")]
    [InlineData("digest unsubscribe")]
    [InlineData("digest now")]
    public async Task Channel_member_who_is_not_an_owner_cannot_change_digests(string command)
    {
        Digests.Subscriptions[new ChannelKey("teams", TestActivities.TeamsChannelId)] =
            new ChatBot.Core.Digests.Subscription(new ChannelKey("teams", TestActivities.TeamsChannelId), "0 9 * * 1", "Europe/Brussels", true, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, false);

        await Worker.PostAsync(TestActivities.Message(Fake, "<at>ChatBot</at> " + command, id: "member-cmd", conversationId: TestActivities.TeamsChannelId,
            conversationType: "channel", entities: [TestActivities.Mention()], teamsChannel: TestActivities.TeamsChannelId));

        var reply = (await Fake.WaitForMessagesAsync(1, s => s.ReplyToId == "member-cmd")).Single(s => s.ReplyToId == "member-cmd");
        Assert.Contains("Only an owner of this team", reply.Text);
        Assert.Equal("0 9 * * 1", Digests.Subscriptions[new ChannelKey("teams", TestActivities.TeamsChannelId)].Cron);
        Assert.DoesNotContain(Fake.Messages, m => m.Text?.StartsWith("**What is new", StringComparison.Ordinal) == true);
        Assert.True(Fake.GraphRequests > 0);
    }

    [Fact]
    public async Task Team_owner_may_subscribe_a_channel_and_anyone_may_ask_its_status()
    {
        Fake.TeamOwners[TestActivities.UserObjectId] = true;
        await Worker.PostAsync(TestActivities.Message(Fake, "<at>ChatBot</at> digest subscribe 0 8 * * 2", id: "owner-cmd", conversationId: TestActivities.TeamsChannelId,
            conversationType: "channel", entities: [TestActivities.Mention()], teamsChannel: TestActivities.TeamsChannelId));
        var reply = (await Fake.WaitForMessagesAsync(1, s => s.ReplyToId == "owner-cmd")).Single(s => s.ReplyToId == "owner-cmd");
        Assert.StartsWith("Subscribed", reply.Text);

        Fake.TeamOwners.Clear();
        await Worker.PostAsync(TestActivities.Message(Fake, "<at>ChatBot</at> digest status", id: "status-cmd", conversationId: TestActivities.TeamsChannelId,
            conversationType: "channel", entities: [TestActivities.Mention()], teamsChannel: TestActivities.TeamsChannelId));
        var status = (await Fake.WaitForMessagesAsync(1, s => s.ReplyToId == "status-cmd")).Single(s => s.ReplyToId == "status-cmd");
        Assert.Contains("`0 8 * * 2`", status.Text);
    }

    [Theory]
    [InlineData("summary [Sign in](https://evil.example/login)")]
    [InlineData("summary <a href=\"https://evil.example\">Sign in</a>")]
    [InlineData("summary Sign in at evil.example/login now")]
    [InlineData("summary [Sign in](javascript:alert(1))")]
    public async Task User_supplied_links_are_never_echoed_back(string text)
    {
        await Worker.PostAsync(TestActivities.Message(Fake, text, id: "echo"));
        var reply = (await Fake.WaitForMessagesAsync(1, s => s.ReplyToId == "echo")).Single(s => s.ReplyToId == "echo");
        Assert.Contains("I don't know the topic", reply.Text);
        Assert.DoesNotContain("evil.example", reply.Text);
        Assert.DoesNotContain("javascript:", reply.Text);
        Assert.DoesNotContain("](", reply.Text);
        Assert.DoesNotContain("<a", reply.Text);
    }

    [Fact]
    public async Task Bad_cron_with_a_link_is_reported_without_the_link()
    {
        await Worker.PostAsync(TestActivities.Message(Fake, "digest subscribe [x](https://evil.example/a)", id: "cron"));
        var reply = (await Fake.WaitForMessagesAsync(1, s => s.ReplyToId == "cron")).Single(s => s.ReplyToId == "cron");
        Assert.StartsWith("Could not subscribe", reply.Text);
        Assert.DoesNotContain("https://", reply.Text);
        Assert.DoesNotContain("](", reply.Text);
    }
}
