using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ChatBot.Core.Evaluation;

/// <summary>
/// CPU time used by this process (every thread), to the nanosecond where the OS offers it (Linux
/// <c>CLOCK_PROCESS_CPUTIME_ID</c>): <see cref="Process.TotalProcessorTime"/> moves in 10 ms
/// ticks, too coarse to time one answer. Elsewhere it falls back to that.
/// </summary>
internal static class ProcessCpuClock
{
    private const int ProcessCpuTimeId = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>The process's CPU time so far, in milliseconds.</summary>
    public static double NowMs()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ProcessCpuTimeId, out var time) == 0)
        {
            return time.Seconds * 1000.0 + time.Nanoseconds / 1e6;
        }
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalMilliseconds;
    }
}
