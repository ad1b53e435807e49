using ChatBot.Core.Diagnostics;
using ChatBot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Diagnostics;

public sealed class RefusalLogTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly LogRecorder _logs = new();

    private RefusalLog NewLog() => new(_time, _logs.CreateLogger<RefusalLog>());

    [Fact]
    public void A_flood_is_logged_a_few_times_then_as_one_count_by_reason_in_the_next_window()
    {
        var log = NewLog();
        for (var i = 0; i < 200; i++)
        {
            log.Refused("/hook", i % 2 == 0 ? "missing or invalid signature" : "body over 1048576 bytes", "203.0.113.9");
        }
        Assert.Equal(RefusalLog.MaxLinesPerWindow, _logs.Lines.Count);
        Assert.All(_logs.Lines, l => Assert.Contains("203.0.113.9", l.Message));

        _time.Advance(RefusalLog.Window);
        log.Refused("/hook", "missing or invalid signature", "203.0.113.9");

        var lines = _logs.Lines.ToList();
        Assert.Equal(RefusalLog.MaxLinesPerWindow + 2, lines.Count);
        var summary = lines[RefusalLog.MaxLinesPerWindow].Message;
        Assert.Contains($"{200 - RefusalLog.MaxLinesPerWindow} (", summary);
        Assert.Contains("missing or invalid signature", summary);
        Assert.Contains("body over", summary);
        Assert.Contains("/hook", summary);
        Assert.All(lines, l => Assert.Equal(LogLevel.Warning, l.Level));
    }

    [Fact]
    public void Each_source_has_its_own_budget()
    {
        var log = NewLog();
        for (var i = 0; i < 3 * RefusalLog.MaxLinesPerWindow; i++)
        {
            log.Refused("/a", "bad");
        }
        log.Refused("/b", "bad");

        Assert.Equal(RefusalLog.MaxLinesPerWindow + 1, _logs.Lines.Count);
        Assert.Contains(_logs.Lines, l => l.Message.Contains("/b", StringComparison.Ordinal));
    }

    [Fact]
    public void A_quiet_window_logs_no_summary()
    {
        var log = NewLog();
        log.Refused("/a", "bad");
        _time.Advance(RefusalLog.Window);
        log.Refused("/a", "bad");

        Assert.Equal(2, _logs.Lines.Count);
        Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains("not logged", StringComparison.Ordinal));
    }
}
