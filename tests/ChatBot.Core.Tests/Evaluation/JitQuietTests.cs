using ChatBot.Core.Evaluation;

namespace ChatBot.Core.Tests.Evaluation;

public sealed class JitQuietTests
{
    private static readonly JitQuiet Quiet = new(MaxJitShare: 0.01, WindowsNeeded: 2);

    [Fact]
    public void A_window_is_quiet_when_jit_time_is_at_most_the_share_of_its_cpu()
    {
        Assert.True(Quiet.IsQuiet(new JitWindow(1000, 10)));
        Assert.False(Quiet.IsQuiet(new JitWindow(1000, 10.5)));
    }

    [Fact]
    public void A_window_without_cpu_is_not_quiet()
    {
        // Nothing observed, nothing known: a clock that did not move must not end the warm-up.
        Assert.False(Quiet.IsQuiet(new JitWindow(0, 0)));
    }

    [Fact]
    public void Settles_only_after_enough_quiet_windows_in_a_row()
    {
        var windows = new List<JitWindow> { new(1000, 300), new(1000, 5) };
        Assert.False(Quiet.IsSettled(windows));

        // A lull between tiers: JIT comes back, so the row starts again.
        windows.Add(new JitWindow(1000, 80));
        windows.Add(new JitWindow(1000, 2));
        Assert.Equal(1, Quiet.QuietInARow(windows));
        Assert.False(Quiet.IsSettled(windows));

        windows.Add(new JitWindow(1000, 0));
        Assert.Equal(2, Quiet.QuietInARow(windows));
        Assert.True(Quiet.IsSettled(windows));
    }

    [Fact]
    public void No_windows_is_not_settled() => Assert.False(Quiet.IsSettled([]));
}
