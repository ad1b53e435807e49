using System.Text.RegularExpressions;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Feedback;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using ChatBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ChatBot.Teams.Tests;

/// <summary>
/// What the shared conversation layer guarantees, seen on Teams: the same checks run on Discord
/// and the web chat, so the platforms cannot drift apart again.
/// </summary>
public sealed class SharedConversationTests : IAsyncLifetime
{
    /// <summary>Nothing in the partnership documents is about football.</summary>
    private const string OffTopic = "Who won the football world cup in 1998?";

    private FakeMicrosoft _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeMicrosoft.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_refusal_from_the_real_engine_lists_its_topics_once()
    {
        await using var worker = await TeamsTestHost.StartAsync(_fake, real: RealServices.Engine);

        await worker.PostAsync(TestActivities.Message(_fake, OffTopic, id: "off"));
        var reply = (await _fake.WaitForMessagesAsync(1, s => s.ReplyToId == "off")).Single(s => s.ReplyToId == "off" && s.Type == "message");

        var refusal = await worker.Services.GetRequiredService<IAnswerEngine>().AskAsync(new AskRequest(OffTopic), CancellationToken.None);
        Assert.False(refusal.Answered);
        Assert.Contains("I can answer questions about", refusal.Text);
        Assert.Single(Regex.Matches(string.Join("\n", reply.Strings), "I can answer questions about"));
        Assert.Contains(refusal.Text, reply.Text);
    }

    [Fact]
    public async Task An_answer_the_log_cannot_keep_is_posted_without_feedback_and_the_failure_is_logged()
    {
        var log = new FakeFailingAnswerLog();
        await using var worker = await TeamsTestHost.StartAsync(_fake, configure: services =>
        {
            services.RemoveAll<IAnswerLog>();
            services.AddSingleton<IAnswerLog>(log);
        });

        await worker.PostAsync(TestActivities.Message(_fake, "When is the next council?", id: "q"));
        var reply = (await _fake.WaitForMessagesAsync(1, s => s.ReplyToId == "q")).Single(s => s.ReplyToId == "q" && s.Type == "message");

        // The answer itself, as Discord and the web post it: not "something went wrong".
        Assert.Contains("The next council is expected in Seoul in 2026 [1]", reply.Text);
        Assert.Null(reply.Activity["channelData"]?["feedbackLoop"]);
        Assert.DoesNotContain(reply.Strings, s => s.Contains("Helpful", StringComparison.Ordinal));
        Assert.Equal(1, log.Attempts);
        Assert.Contains(worker.Logs.Lines, l => l.Level == LogLevel.Error && l.Text.Contains("without feedback buttons", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_follow_up_after_a_restart_is_asked_with_the_conversations_previous_question()
    {
        var data = Path.Combine(Path.GetTempPath(), "chatbot-teams-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var first = await TeamsTestHost.StartAsync(_fake, dataPath: data))
            {
                await first.PostAsync(TestActivities.Message(_fake, "When is the next council?", id: "q1"));
                await _fake.WaitForMessagesAsync(1, s => s.ReplyToId == "q1");
            }

            await using var second = await TeamsTestHost.StartAsync(_fake, dataPath: data);
            await second.PostAsync(TestActivities.Message(_fake, "who chaired the council?", id: "q2"));
            await _fake.WaitForMessagesAsync(1, s => s.ReplyToId == "q2");

            var followUp = Assert.Single(second.Engine.Requests);
            Assert.Equal("who chaired the council?", followUp.Question);
            Assert.Equal("When is the next council?", followUp.PreviousQuestion);
        }
        finally
        {
            TeamsTestHost.DeleteFolder(data);
        }
    }

    [Fact]
    public async Task A_backfill_digest_is_headed_by_the_day_it_reaches_never_0001_01_01()
    {
        await using var worker = await TeamsTestHost.StartAsync(_fake, real: RealServices.All);
        await worker.PostAsync(TestActivities.BotAddedToChannel(_fake));
        await _fake.WaitForMessagesAsync(1);
        var channel = new ChannelKey("teams", TestActivities.TeamsChannelId);
        var digests = worker.Services.GetRequiredService<IDigestService>();
        await digests.SubscribeAsync(channel, null, null, backfill: true, CancellationToken.None);

        var record = await digests.PostNowAsync(channel, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, record.Outcome);
        var thread = Assert.Single(_fake.Sent, s => s.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
        Assert.Matches(@"^\*\*What is new: the documents up to \d{4}-\d{2}-\d{2}\*\*", thread.Text);
        Assert.DoesNotContain(_fake.Sent, s => s.Text?.Contains("0001-01-01", StringComparison.Ordinal) == true);
    }
}
