using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChatBot.Core.Diagnostics;
using ChatBot.Host.Tests.Support;
using ChatBot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Host.Tests.Web;

/// <summary>What the web API refuses, and that refusing a flood does not flood the log.</summary>
public sealed class RefusedRequestTests : IAsyncLifetime
{
    private readonly LogRecorder _logs = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private TestWorker? _worker;

    private HttpClient Client => _worker!.Client;

    public async Task InitializeAsync() => _worker = await TestWorker.StartAsync(
        services =>
        {
            TestServices.Doubles()(services);
            services.AddSingleton<TimeProvider>(_time);
            services.AddSingleton<ILoggerProvider>(_logs);
        },
        new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" });

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }

    private IReadOnlyList<LogLine> RefusalLines => _logs.Lines.Where(l => l.Category == typeof(RefusalLog).FullName).ToList();

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data")]
    [InlineData(null)]
    public async Task Ask_refuses_anything_but_json_with_415(string? mediaType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"question\": \"When is the next council?\"}"));
        if (mediaType is not null)
        {
            content.Headers.ContentType = new(mediaType);
        }

        using var response = await Client.PostAsync("/api/ask", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await AskApiTests.ErrorOf(response));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/vnd.question+json")]
    public async Task Ask_accepts_json_media_types(string mediaType)
    {
        using var content = new StringContent("{\"question\": \"When is the next council?\"}", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);

        using var response = await Client.PostAsync("/api/ask", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Two_hundred_refusals_log_a_bounded_number_of_lines_and_then_how_many_were_left_out()
    {
        for (var i = 0; i < 200; i++)
        {
            using var response = await Client.PostAsync("/api/ask", new StringContent("{bad json " + i, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(RefusalLog.MaxLinesPerWindow, RefusalLines.Count);
        Assert.All(RefusalLines, l => Assert.Contains("/api/ask", l.Message));
        Assert.All(RefusalLines, l => Assert.DoesNotContain("bad json", l.Message));

        _time.Advance(RefusalLog.Window);
        using (await Client.PostAsJsonAsync("/api/ask", new { question = "" }))
        {
        }

        Assert.Equal(RefusalLog.MaxLinesPerWindow + 2, RefusalLines.Count);
        Assert.Contains(RefusalLines, l => l.Message.Contains($"{200 - RefusalLog.MaxLinesPerWindow} (") && l.Message.Contains("more refused requests to /api/ask"));
    }

    [Fact]
    public async Task Summary_refusals_are_logged_too()
    {
        using var response = await Client.GetAsync("/api/summary?topic=" + new string('t', 500));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(RefusalLines, l => l.Message.Contains("/api/summary") && l.Message.Contains("too long"));
    }

    [Fact]
    public void HttpClient_request_logs_default_to_warning()
    {
        var loggers = _worker!.Services.GetRequiredService<ILoggerFactory>();
        var httpClient = loggers.CreateLogger("System.Net.Http.HttpClient.ConnectorClient.LogicalHandler");

        Assert.False(httpClient.IsEnabled(LogLevel.Information));
        Assert.True(httpClient.IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("ChatBot.Host.Anything").IsEnabled(LogLevel.Information));
    }
}
