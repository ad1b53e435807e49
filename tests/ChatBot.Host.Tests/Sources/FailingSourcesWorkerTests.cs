using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Host.Tests.Support;
using ChatBot.Testing.Fakes;

namespace ChatBot.Host.Tests.Sources;

/// <summary>With every source failing (as with no network at all), the worker starts, is ready, says "degraded" and answers.</summary>
public sealed class FailingSourcesWorkerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("chatbot-sources-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Failing_sources_show_as_degraded_in_readyz_while_the_bot_answers()
    {
        var sources = Path.Combine(_folder, "sources.yaml");
        File.WriteAllText(sources,
            $"""
            sources:
              - id: unreachable
                url: http://127.0.0.1:{FakeSite.ClosedPort()}/feed.xml
              - id: no-such-host
                url: https://no-such-host.invalid/feed.xml
            """);
        await using var worker = await TestWorker.StartAsync(settings: new Dictionary<string, string?>
        {
            ["ChatBot:Sources:Path"] = sources,
            ["ChatBot:Sources:FetchInterval"] = "06:00:00",
        });

        // The first fetch runs in the background at start-up; wait until it has been recorded.
        string? sourcesReason = null;
        for (var attempt = 0; attempt < 600 && sourcesReason?.Contains("2 of 2 source(s) failing") != true; attempt++)
        {
            // 503 while the index loads; the sources check is listed either way.
            using var probe = await worker.Client.GetAsync("/readyz");
            using var body = JsonDocument.Parse(await probe.Content.ReadAsStringAsync());
            sourcesReason = body.RootElement.GetProperty("checks").EnumerateArray()
                .Where(c => c.GetProperty("name").GetString() == "sources")
                .Select(c => c.GetProperty("reason").GetString())
                .Single();
            if (sourcesReason?.Contains("2 of 2") != true)
            {
                await Task.Delay(50);
            }
        }

        Assert.StartsWith("degraded: 2 of 2 source(s) failing", sourcesReason);
        await worker.Services.GetRequiredService<ChatBot.Core.Knowledge.IKnowledgeBase>().WhenReady.WaitAsync(TimeSpan.FromMinutes(2));
        using var ready = await worker.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var ask = await worker.Client.PostAsJsonAsync("/api/ask", new { question = "Where was the first Digital Partnership Council held?" });
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        using var answer = JsonDocument.Parse(await ask.Content.ReadAsStringAsync());
        Assert.True(answer.RootElement.GetProperty("answered").GetBoolean());
    }
}
