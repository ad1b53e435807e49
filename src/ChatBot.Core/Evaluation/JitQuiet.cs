namespace ChatBot.Core.Evaluation;

/// <summary>
/// One window of warm-up answers: the process CPU they took and the JIT compilation time the
/// runtime reported over them (<c>System.Runtime.JitInfo.GetCompilationTime</c>, every thread,
/// the background tiered-compilation worker included).
/// </summary>
public sealed record JitWindow(double ProcessCpuMs, double JitMs);

/// <summary>
/// Decides when the runtime's JIT has gone quiet during bench's warm-up, so the timed pass measures
/// the steady state a long-running service answers in rather than start-up. Quiet means
/// <see cref="WindowsNeeded"/> consecutive windows whose JIT time is at most
/// <see cref="MaxJitShare"/> of their process CPU: one quiet window can be a lull between two
/// tiers (call counting, then the optimised rejit), two in a row rarely are.
/// </summary>
public sealed record JitQuiet(double MaxJitShare = 0.01, int WindowsNeeded = 2)
{
    /// <summary>How many of the windows seen so far end in a row of quiet ones.</summary>
    public int QuietInARow(IReadOnlyList<JitWindow> windows)
    {
        var run = 0;
        for (var i = windows.Count - 1; i >= 0 && IsQuiet(windows[i]); i--)
        {
            run++;
        }
        return run;
    }

    /// <summary>True once the last <see cref="WindowsNeeded"/> windows were all quiet.</summary>
    public bool IsSettled(IReadOnlyList<JitWindow> windows) => QuietInARow(windows) >= WindowsNeeded;

    /// <summary>
    /// A window is quiet when its JIT time is a small share of its CPU. A window with no CPU measured
    /// is not quiet: nothing was observed, so nothing is known.
    /// </summary>
    public bool IsQuiet(JitWindow window) =>
        window.ProcessCpuMs > 0 && window.JitMs <= MaxJitShare * window.ProcessCpuMs;
}
