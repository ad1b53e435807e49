using System.Diagnostics;
using ChatBot.Core.Evaluation;

namespace ChatBot.Core.Tests.Evaluation;

public sealed class ProcessCpuClockTests
{
    [Fact]
    public void Reads_the_process_cpu_time_and_moves_with_work()
    {
        var start = ProcessCpuClock.NowMs();
        using var self = Process.GetCurrentProcess();
        var coarse = self.TotalProcessorTime.TotalMilliseconds;

        // The same clock as the process's own (10 ms ticks), give or take a few ticks.
        Assert.InRange(start, coarse - 250, coarse + 250);

        // Work moves it: spin until it has moved at all (other threads of the process may move it too).
        var now = start;
        var spins = 0L;
        while (now == start && spins < 1_000_000_000)
        {
            spins++;
            now = ProcessCpuClock.NowMs();
        }
        Assert.True(now > start);
    }
}
