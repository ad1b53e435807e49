using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatBot.Core.Feedback;
using ChatBot.Core.Knowledge;
using ChatBot.Host.Tests.Fakes;
using ChatBot.Host.Tests.Support;
using ChatBot.Testing;
using ChatBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ChatBot.Host.Tests.Web;

/// <summary>
/// What the shared conversation layer guarantees, seen from the web chat's API: the same checks
/// run on Discord and Teams, so the platforms cannot drift apart again.
/// </summary>
public sealed class SharedConversationTests
{
    private static async Task<JsonElement> AskAsync(TestWorker worker, object body)
    {
        using var response = await worker.Client.PostAsJsonAsync("/api/ask", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task A_refusal_from_the_real_engine_lists_its_topics_once()
    {
        await using var worker = await TestWorker.StartAsync();
        await worker.Services.GetRequiredService<IKnowledgeBase>().WhenReady;

        var refusal = await AskAsync(worker, new { question = "Who won the football world cup in 1998?" });

        Assert.False(refusal.GetProperty("answered").GetBoolean());
        Assert.Single(Regex.Matches(refusal.GetProperty("text").GetString()!, "I can answer questions about"));
    }

    [Fact]
    public async Task An_answer_the_log_cannot_keep_is_still_answered_without_an_answer_id_and_the_failure_is_logged()
    {
        var logs = new LogRecorder();
        var log = new FakeFailingAnswerLog();
        await using var worker = await TestWorker.StartAsync(services =>
        {
            TestServices.Doubles()(services);
            services.AddSingleton<ILoggerProvider>(logs);
            services.RemoveAll<IAnswerLog>();
            services.AddSingleton<IAnswerLog>(log);
        });

        var answer = await AskAsync(worker, new { question = "When is the next council?" });

        Assert.True(answer.GetProperty("answered").GetBoolean());
        Assert.Contains("[1]", answer.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("answerId").ValueKind);
        Assert.Equal(1, log.Attempts);
        Assert.Contains(logs.AtLeast(LogLevel.Error), l => l.Message.Contains("without feedback buttons", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_follow_up_after_a_restart_is_asked_with_the_conversations_previous_question_kept_by_the_server()
    {
        var data = Directory.CreateTempSubdirectory("chatbot-web-restart-").FullName;
        var settings = new Dictionary<string, string?> { ["ChatBot:Data:Path"] = data };
        try
        {
            string conversation;
            await using (var first = await TestWorker.StartAsync(TestServices.Doubles(), settings))
            {
                conversation = (await AskAsync(first, new { question = "When is the next council?" })).GetProperty("conversationId").GetString()!;
            }

            var engine = new FakeAnswerEngine();
            await using var second = await TestWorker.StartAsync(TestServices.Doubles(engine), settings);
            var followUp = await AskAsync(second, new { question = "who chaired it?", conversationId = conversation });

            Assert.Equal(conversation, followUp.GetProperty("conversationId").GetString());
            var asked = Assert.Single(engine.Requests);
            Assert.Equal("When is the next council?", asked.PreviousQuestion);
            Assert.Equal("web", asked.Origin);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_vote_counts_in_its_own_conversation_only()
    {
        await using var worker = await TestWorker.StartAsync(TestServices.Doubles());
        var answer = await AskAsync(worker, new { question = "When is the next council?" });
        var answerId = answer.GetProperty("answerId").GetString()!;
        var conversation = answer.GetProperty("conversationId").GetString()!;
        var stranger = (await AskAsync(worker, new { question = "Where was the first council held?" })).GetProperty("conversationId").GetString()!;

        using var forged = await worker.Client.PostAsJsonAsync("/api/feedback", new { answerId, conversationId = stranger, helpful = false });
        using var vote = await worker.Client.PostAsJsonAsync("/api/feedback", new { answerId, conversationId = conversation, helpful = true, comment = "Clear." });
        using var malformed = await worker.Client.PostAsJsonAsync("/api/feedback", new { answerId, conversationId = "not-an-id", helpful = true });

        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var report = await worker.Services.GetRequiredService<IAnswerLog>().ReportAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
        var recorded = Assert.Single(report.Feedback);
        Assert.True(recorded.Helpful);
        Assert.Equal("Clear.", recorded.Comment);
    }
}
