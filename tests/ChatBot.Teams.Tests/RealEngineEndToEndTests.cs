using System.Net;
using ChatBot.Core.Answers;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Teams.Tests;

/// <summary>The real worker and the real answer engine over the repository's corpus, Microsoft faked on loopback.</summary>
public sealed class RealEngineEndToEndTests : WorkerTest
{
    protected override Task<TeamsTestHost> StartWorkerAsync(FakeMicrosoft fake) => TeamsTestHost.StartAsync(fake, real: RealServices.Engine);

    [Fact]
    public async Task Next_council_question_gets_a_cited_reply_with_entities_and_a_card_listing_every_source()
    {
        var response = await Worker.PostAsync(TestActivities.Message(Fake, "<at>ChatBot</at> When is the next council?", id: "real-1",
            conversationId: "19:general@thread.tacv2;messageid=9", conversationType: "channel", entities: [TestActivities.Mention()], teamsChannel: TestActivities.TeamsChannelId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var reply = (await Fake.WaitForMessagesAsync(1)).Single(s => s.Type == "message");
        var expected = await Worker.Services.GetRequiredService<IAnswerEngine>().AskAsync(new AskRequest("When is the next council?"), CancellationToken.None);
        Assert.True(expected.Answered);
        Assert.NotEmpty(expected.Citations);

        Assert.Contains("[1]", reply.Text);
        var claims = reply.Activity["entities"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "https://schema.org/Message")!["citation"]!.AsArray();
        Assert.Equal(expected.Citations.Select(c => c.N), claims.Select(c => c!["position"]!.GetValue<int>()));
        Assert.All(claims, c => Assert.InRange(c!["appearance"]!["abstract"]!.GetValue<string>().Length, 1, 160));

        var strings = reply.Strings;
        foreach (var citation in expected.Citations)
        {
            Assert.Contains($"[{citation.N}] {citation.Title}", strings);
            if (citation.Url is not null)
            {
                Assert.Contains(citation.Url, strings);
            }
        }
    }
}
