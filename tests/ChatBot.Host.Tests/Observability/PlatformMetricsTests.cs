using System.Net.Http.Json;
using System.Threading.Channels;
using ChatBot.Core.Knowledge;
using ChatBot.Host.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatBot.Host.Tests.Observability;

/// <summary>Questions arriving through a real adapter are counted under that adapter's platform.</summary>
public sealed class PlatformMetricsTests
{
    [Fact]
    public async Task A_question_from_the_Bot_Framework_Emulator_is_counted_as_teams()
    {
        await using var emulator = await FakeEmulator.StartAsync();
        await using var worker = await TestWorker.StartAsync();
        await worker.Services.GetRequiredService<IKnowledgeBase>().WhenReady;

        // No Teams:AppId is configured, so /api/messages takes the Emulator's unauthenticated activity.
        using var posted = await worker.Client.PostAsJsonAsync("/api/messages", new
        {
            type = "message",
            id = "activity-1",
            timestamp = DateTimeOffset.UtcNow,
            serviceUrl = emulator.BaseAddress.ToString().TrimEnd('/'),
            channelId = "emulator",
            from = new { id = "user-1", name = "User" },
            conversation = new { id = "conversation-1" },
            recipient = new { id = "bot-1", name = "ChatBot" },
            text = "When is the next council?",
        });
        Assert.True(posted.IsSuccessStatusCode, $"/api/messages answered {(int)posted.StatusCode}");
        var reply = await emulator.NextMessageAsync();

        Assert.Contains("Council", reply);
        var samples = PrometheusText.Parse(await worker.Client.GetStringAsync("/metrics"));
        Assert.Equal(1, samples["chatbot_questions_total{platform=\"teams\",outcome=\"answered\"}"]);
        Assert.Equal(0, samples["chatbot_questions_total{platform=\"web\",outcome=\"answered\"}"]);
    }

    /// <summary>The Emulator's side of the Connector API: records what the bot posts back.</summary>
    private sealed class FakeEmulator : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Channel<string> _messages = Channel.CreateUnbounded<string>();

        private FakeEmulator(WebApplication app) => _app = app;

        public Uri BaseAddress { get; private set; } = null!;

        public static async Task<FakeEmulator> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var emulator = new FakeEmulator(app);
            app.MapPost("/v3/conversations/{**rest}", async (HttpContext context) =>
            {
                var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
                if (body.Contains("\"type\":\"message\"", StringComparison.Ordinal))
                {
                    emulator._messages.Writer.TryWrite(body);
                }
                return Results.Json(new { id = Guid.NewGuid().ToString("N") });
            });
            await app.StartAsync();
            emulator.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features
                .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
            return emulator;
        }

        public async Task<string> NextMessageAsync()
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            return await _messages.Reader.ReadAsync(patience.Token);
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
