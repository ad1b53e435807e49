using ChatBot.Discord.Interactions;
using ChatBot.Discord.Tests.EndToEnd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Discord.Tests.Interactions;

public sealed class RefusalLogTests
{
    [Fact]
    public void A_flood_is_logged_a_few_times_then_as_one_count_per_window()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        using var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var log = new RefusalLog(time, factory.CreateLogger<RefusalLog>());

        for (var i = 0; i < 200; i++)
        {
            log.Refused(i % 2 == 0 ? "missing or invalid signature" : "body over 1048576 bytes", "203.0.113.9");
        }
        Assert.Equal(RefusalLog.DetailedPerWindow, logs.Entries.Count);
        Assert.Contains("203.0.113.9", logs.Entries.First().Message);

        time.Advance(RefusalLog.Window);
        log.Refused("missing or invalid signature", "203.0.113.9");

        var entries = logs.Entries.ToList();
        Assert.Equal(RefusalLog.DetailedPerWindow + 2, entries.Count);
        var summary = entries[RefusalLog.DetailedPerWindow].Message;
        Assert.Contains("195", summary);
        Assert.Contains("missing or invalid signature", summary);
        Assert.Contains("body over", summary);
        Assert.All(entries, e => Assert.Equal(LogLevel.Warning, e.Level));
    }
}

public sealed class SeenInteractionsTests
{
    [Fact]
    public void An_id_is_refused_again_while_its_signature_could_still_be_valid_and_forgotten_after()
    {
        var time = new FakeTimeProvider();
        var seen = new SeenInteractions(time);

        Assert.True(seen.TryAdd("1"));
        time.Advance(Ed25519SignatureVerifier.MaxClockSkew * 2);
        Assert.False(seen.TryAdd("1"));
        time.Advance(SeenInteractions.Keep);
        Assert.True(seen.TryAdd("2"));

        Assert.Equal(1, seen.Count);
        Assert.True(seen.TryAdd("1"));
    }
}
