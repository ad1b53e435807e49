using System.Net;
using ChatBot.Core.Conversations;
using ChatBot.Teams.Activities;
using ChatBot.Teams.Tests.Support;

namespace ChatBot.Teams.Tests;

/// <summary>The endpoint answers before the work is done, and never loses an activity it could not take.</summary>
public sealed class EndpointBehaviourTests : WorkerTest
{
    public override Task DisposeAsync()
    {
        Worker.Engine.Gate?.TrySetResult();
        return base.DisposeAsync();
    }

    [Fact]
    public async Task Request_is_acknowledged_while_the_engine_is_still_working_and_typing_is_shown()
    {
        Worker.Engine.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var response = await Worker.PostAsync(TestActivities.Message(Fake, "When is the next council?", id: "slow"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Fake.WaitForAsync(sent => sent.Any(s => s.Type == "typing"));
        Assert.Empty(Fake.Messages);

        Worker.Engine.Gate.SetResult();
        var reply = Assert.Single(await Fake.WaitForMessagesAsync(1), s => s.Type == "message");
        Assert.Equal("slow", reply.ReplyToId);
    }

    [Fact]
    public async Task Installation_in_a_group_chat_stores_the_reference()
    {
        var installation = new
        {
            type = "installationUpdate",
            action = "add",
            id = "install-1",
            serviceUrl = Fake.ServiceUrl,
            channelId = "msteams",
            from = new { id = "29:user-1" },
            conversation = new { id = "19:groupchat@thread.v2", conversationType = "groupChat", tenantId = TestActivities.TenantId, isGroup = true },
            recipient = new { id = TestActivities.BotId, name = TestActivities.BotName },
        };
        Assert.Equal(HttpStatusCode.OK, (await Worker.PostAsync(installation)).StatusCode);

        var key = new ChannelKey("teams", "19:groupchat@thread.v2");
        for (var i = 0; i < 400 && !Worker.Store.References.ContainsKey(key); i++)
        {
            await Task.Delay(25);
        }
        var reference = ConversationReference.FromJson(Worker.Store.References[key])!;
        Assert.Equal(Fake.ServiceUrl, reference.ServiceUrl);
        Assert.Equal(TestActivities.TenantId, reference.TenantId);
        Assert.False(reference.IsTeamChannel);
    }
}
