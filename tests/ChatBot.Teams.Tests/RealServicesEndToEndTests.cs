using System.Net;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Feedback;
using ChatBot.Core.Topics;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Teams.Tests;

/// <summary>The whole worker with every real Core service (engine, SQLite store, topics, summaries, digests) over the repository's corpus.</summary>
public sealed class RealServicesEndToEndTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "chatbot-teams-tests", "real-" + Guid.NewGuid().ToString("N"));
    private FakeMicrosoft _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeMicrosoft.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        TeamsTestHost.DeleteFolder(_data);
    }

    private Task<TeamsTestHost> StartWorkerAsync() => TeamsTestHost.StartAsync(_fake, real: RealServices.All, dataPath: _data);

    [Fact]
    public async Task Channel_reference_survives_a_restart_and_a_forced_digest_posts_a_thread_there()
    {
        await using (var first = await StartWorkerAsync())
        {
            Assert.Equal(HttpStatusCode.OK, (await first.PostAsync(TestActivities.BotAddedToChannel(_fake))).StatusCode);
            await _fake.WaitForMessagesAsync(1); // the welcome, sent after the reference was stored
        }

        await using var second = await StartWorkerAsync();
        var record = await second.Services.GetRequiredService<IDigestService>()
            .PostNowAsync(new ChannelKey("teams", TestActivities.TeamsChannelId), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, record.Outcome);
        var thread = Assert.Single(_fake.Sent, s => s.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
        Assert.Equal(TestActivities.TeamsChannelId, thread.Body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal(TestActivities.TenantId, thread.Body["tenantId"]!.GetValue<string>());
        Assert.StartsWith("**What is new", thread.Text);
    }

    [Fact]
    public async Task Subscribed_channel_gets_its_scheduled_digest_as_a_new_thread()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var worker = await TeamsTestHost.StartAsync(_fake, real: RealServices.All, dataPath: _data,
            configure: services => services.AddSingleton<TimeProvider>(time));

        await worker.PostAsync(TestActivities.BotAddedToChannel(_fake));
        await _fake.WaitForMessagesAsync(1);
        _fake.TeamOwners[TestActivities.UserObjectId] = true; // Graph says Ada owns the team
        await worker.PostAsync(TestActivities.Message(_fake, "<at>ChatBot</at> digest subscribe * * * * *", id: "sub",
            conversationId: TestActivities.TeamsChannelId + ";messageid=42", conversationType: "channel",
            entities: [TestActivities.Mention()], teamsChannel: TestActivities.TeamsChannelId));
        Assert.Contains("Subscribed", (await _fake.WaitForMessagesAsync(1, s => s.ReplyToId == "sub")).Last().Text);

        // Let scheduled time pass until the scheduler has posted (each step wakes its sleep).
        for (var step = 0; step < 100 && !_fake.Sent.Any(IsNewThread); step++)
        {
            time.Advance(TimeSpan.FromSeconds(15));
            await Task.Delay(50);
        }

        var thread = Assert.Single(_fake.Sent, IsNewThread);
        Assert.Equal(TestActivities.TeamsChannelId, thread.Body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.StartsWith("**What is new", thread.Text);

        static bool IsNewThread(SentActivity s) => s.Accepted && s.Path.EndsWith("/v3/conversations", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_work_against_the_real_topics_summaries_and_digests()
    {
        await using var worker = await StartWorkerAsync();
        var topic = worker.Services.GetRequiredService<ITopicCatalog>().Topics[0];

        async Task<string> AskAsync(string text)
        {
            var id = Guid.NewGuid().ToString("N");
            await worker.PostAsync(TestActivities.Message(_fake, text, id: id, conversationId: "a:commands"));
            var reply = (await _fake.WaitForMessagesAsync(1, s => s.ReplyToId == id)).Last(s => s.ReplyToId == id && s.Type == "message");
            return reply.Text!;
        }

        Assert.Contains($"**{topic.Name}**", await AskAsync("topics"));

        var summary = await AskAsync($"summary {topic.Id}");
        Assert.StartsWith($"**Summary: {topic.Name}**", summary);
        Assert.Contains("[1]", summary);

        Assert.Contains("Known topics", await AskAsync("summary zzzz-no-such-topic"));
        Assert.Contains("Could not subscribe", await AskAsync("digest subscribe every monday"));
        Assert.Contains("Subscribed", await AskAsync("digest subscribe 0 8 * * 1"));
        var status = await AskAsync("digest status");
        Assert.Contains("`0 8 * * 1`", status);
        Assert.Contains("Next digest", status);
        Assert.Contains("Unsubscribed", await AskAsync("digest unsubscribe"));
    }

    [Fact]
    public async Task Feedback_vote_lands_in_the_answer_log_with_the_question()
    {
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        await using var worker = await StartWorkerAsync();
        await worker.PostAsync(TestActivities.Message(_fake, "When is the next council?", id: "q"));
        var reply = Assert.Single(await _fake.WaitForMessagesAsync(1), s => s.Type == "message");

        var log = worker.Services.GetRequiredService<IAnswerLog>();
        IReadOnlyList<FeedbackEntry> feedback = [];
        for (var attempt = 0; attempt < 200 && feedback.Count == 0; attempt++)
        {
            // The message-to-answer link is written right after the Connector answered; vote until it is.
            var response = await worker.PostAsync(TestActivities.FeedbackInvoke(_fake, reply.ResponseId!, "like"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            feedback = (await log.ReportAsync(since, CancellationToken.None)).Feedback;
            if (feedback.Count == 0)
            {
                await Task.Delay(25);
            }
        }

        var entry = Assert.Single(feedback);
        Assert.True(entry.Helpful);
        Assert.Equal("When is the next council?", entry.Question);
    }
}
