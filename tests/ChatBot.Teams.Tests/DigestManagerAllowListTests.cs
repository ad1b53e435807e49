using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;

namespace ChatBot.Teams.Tests;

/// <summary>A configured manager may change a channel's digests without Graph.</summary>
public sealed class DigestManagerAllowListTests : WorkerTest
{
    protected override Task<TeamsTestHost> StartWorkerAsync(FakeMicrosoft fake) =>
        TeamsTestHost.StartAsync(fake, extra: new Dictionary<string, string?> { ["Teams:DigestManagers:0"] = TestActivities.UserObjectId });

    [Fact]
    public async Task Listed_user_may_subscribe_the_channel()
    {
        await Worker.PostAsync(TestActivities.Message(Fake, "<at>ChatBot</at> digest subscribe", id: "mgr", conversationId: TestActivities.TeamsChannelId,
            conversationType: "channel", entities: [TestActivities.Mention()], teamsChannel: TestActivities.TeamsChannelId));
        var reply = (await Fake.WaitForMessagesAsync(1, s => s.ReplyToId == "mgr")).Single(s => s.ReplyToId == "mgr");
        Assert.StartsWith("Subscribed", reply.Text);
        Assert.Equal(0, Fake.GraphRequests);
    }
}
