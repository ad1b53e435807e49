using System.Text.RegularExpressions;
using ChatBot.Core.Feedback;
using ChatBot.Discord.Tests.Fakes;
using ChatBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>
/// What the shared conversation layer guarantees, seen on Discord: the same checks run on Teams
/// and the web chat, so the platforms cannot drift apart again.
/// </summary>
public sealed class SharedConversationTests
{
    /// <summary>Nothing in the partnership documents is about football.</summary>
    private const string OffTopic = "Who won the football world cup in 1998?";

    [Fact]
    public async Task A_refusal_from_the_real_engine_lists_its_topics_once()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var worker = await DiscordTestHost.StartAsync(discord);

        await discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), OffTopic));
        await discord.WaitUntilAsync(d => d.Messages.Count >= 1, "the refusal");

        var refusal = Assert.Single(worker.Engine.Answers);
        Assert.False(refusal.Answered);
        Assert.Contains("I can answer questions about", refusal.Text);
        var posted = string.Join("\n", discord.Messages.Select(m => m.Body["content"]?.GetValue<string>()));
        Assert.Single(Regex.Matches(posted, "I can answer questions about"));
        Assert.Contains(refusal.Text, posted);
    }

    [Fact]
    public async Task An_answer_the_log_cannot_keep_is_posted_without_buttons_and_the_failure_is_logged()
    {
        var log = new FakeFailingAnswerLog();
        await using var discord = await FakeDiscord.StartAsync();
        await using var worker = await DiscordTestHost.StartAsync(discord, configure: services =>
        {
            services.RemoveAll<IAnswerLog>();
            services.AddSingleton<IAnswerLog>(log);
        });

        await discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));
        await discord.WaitUntilAsync(d => d.Messages.Count >= 1, "the answer");

        var answer = Assert.Single(worker.Engine.Answers);
        var reply = discord.Messages[0].Body;
        Assert.StartsWith(answer.Text[..Math.Min(100, answer.Text.Length)], reply["content"]!.GetValue<string>());
        Assert.All(discord.Messages, m => Assert.Null(m.Body["components"]));
        Assert.Equal(1, log.Attempts);
        Assert.Contains(worker.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("without feedback buttons", StringComparison.Ordinal));
    }
}
