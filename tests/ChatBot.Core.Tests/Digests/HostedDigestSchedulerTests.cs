using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Tests.Fakes;
using ChatBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Digests;

/// <summary>The scheduler as the worker runs it: registered by AddChatBotCore/AddChatBotWorkers, driven by the clock.</summary>
public sealed class HostedDigestSchedulerTests : IDisposable
{
    // Sunday 1 March 2026, 12:00 UTC.
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ChannelKey Channel = new("discord", "general");

    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task The_hosted_scheduler_posts_the_weekly_digest_when_the_clock_reaches_monday_nine_in_brussels()
    {
        var time = new FakeTimeProvider(Start);
        var publisher = new FakeDigestPublisher("discord");
        using var host = BuildHost(time, publisher);
        await host.StartAsync();
        await host.Services.GetRequiredService<IKnowledgeBase>().WhenReady.WaitAsync(TimeSpan.FromMinutes(2));

        await host.Services.GetRequiredService<IDigestService>().SubscribeAsync(Channel, null, null, backfill: true, default);

        // Sunday passes without a post; the run is due at 08:00 UTC on Monday (09:00 CET).
        time.SetUtcNow(new DateTimeOffset(2026, 3, 2, 7, 50, 0, TimeSpan.Zero));
        await AdvanceUntilAsync(time, new DateTimeOffset(2026, 3, 2, 7, 59, 0, TimeSpan.Zero), () => false);
        Assert.Empty(publisher.Posts);
        await AdvanceUntilAsync(time, new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.Zero), () => publisher.Posts.Count > 0);
        // The post runs beside the scheduler's loop; wait for it to be recorded, not for time to pass.
        var digests = host.Services.GetRequiredService<IDigestService>();
        for (var i = 0; i < 3000 && (await digests.StatusAsync(Channel, default)).RecentRuns.FirstOrDefault()?.Outcome != DeliveryOutcome.Delivered; i++)
        {
            await Task.Delay(10);
        }

        var (channel, digest) = Assert.Single(publisher.Posts);
        Assert.Equal(Channel, channel);
        Assert.False(digest.IsEmpty);
        Assert.NotEmpty(digest.Body.Citations);
        var status = await digests.StatusAsync(Channel, default);
        var run = Assert.Single(status.RecentRuns);
        Assert.Equal((DeliveryOutcome.Delivered, new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero)), (run.Outcome, run.ScheduledFor));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.Zero), status.NextRun);

        await host.StopAsync();
    }

    private IHost BuildHost(FakeTimeProvider time, FakeDigestPublisher publisher)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _data.Path });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChatBot:Corpus:Path"] = RepositoryPaths.Corpus,
            ["ChatBot:Data:Path"] = _data.Path,
            ["ChatBot:Semantic:Enabled"] = "false",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IDigestPublisher>(publisher);
        builder.Services.AddChatBotCore(builder.Configuration);
        builder.Services.AddChatBotWorkers();
        return builder.Build();
    }

    /// <summary>
    /// Moves the fake clock forward a minute at a time (the scheduler's longest sleep) up to
    /// <paramref name="until"/>, giving the scheduler's loop a chance to run after each step.
    /// </summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, DateTimeOffset until, Func<bool> done)
    {
        while (time.GetUtcNow() < until && !done())
        {
            var step = until - time.GetUtcNow() < TimeSpan.FromMinutes(1) ? until - time.GetUtcNow() : TimeSpan.FromMinutes(1);
            time.Advance(step);
            // Real time only lets the scheduler's thread catch up with the fake clock.
            await Task.Delay(1);
        }
    }
}
