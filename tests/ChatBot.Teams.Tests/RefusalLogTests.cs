using System.Net;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Teams.Tests;

/// <summary>200 forged requests do not become 200 log lines: refusals are logged at a bounded rate, and the rest counted.</summary>
public sealed class RefusalLogTests : WorkerTest
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    protected override Task<TeamsTestHost> StartWorkerAsync(FakeMicrosoft fake) =>
        TeamsTestHost.StartAsync(fake, configure: s => s.AddSingleton<TimeProvider>(_time));

    private int RefusalLines => Worker.Logs.Lines.Count(l => l.Level == LogLevel.Warning && l.Text.StartsWith("Refused a request to /api/messages", StringComparison.Ordinal));

    [Fact]
    public async Task Two_hundred_bad_tokens_give_a_bounded_number_of_log_lines_and_a_count()
    {
        var forged = TestTokens.Create(TestKey.Create("impostor"), Fake.ServiceUrl, kidOverride: Fake.SigningKey.Kid);
        for (var i = 0; i < 200; i++)
        {
            var response = await Worker.PostAsync(TestActivities.Message(Fake, "hello", id: $"forged-{i}"), i % 2 == 0 ? forged : "");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        Assert.Equal(10, RefusalLines);

        _time.Advance(TimeSpan.FromMinutes(1));
        await Worker.PostAsync(TestActivities.Message(Fake, "hello", id: "forged-late"), forged);
        Assert.Equal(11, RefusalLines);
        Assert.Contains(Worker.Logs.Lines, l => l.Text.Contains("190 (", StringComparison.Ordinal) && l.Text.Contains("not logged", StringComparison.Ordinal));
        Assert.DoesNotContain(Worker.Logs.Lines, l => l.Text.Contains(forged, StringComparison.Ordinal));
    }
}
