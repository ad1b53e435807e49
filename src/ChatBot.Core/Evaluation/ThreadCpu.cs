using System.Globalization;

namespace ChatBot.Core.Evaluation;

/// <summary>
/// CPU time of this process's threads, summed by thread name (Linux: <c>/proc/self/task/*/stat</c>;
/// empty elsewhere). Between two readings it tells which threads an answer pass kept busy: the
/// runtime's background JIT ("<c>.NET Tiered Com</c>…"), the thread pool, the model's threads.
/// </summary>
internal static class ThreadCpu
{
    /// <summary>Linux truncates thread names to 15 characters; the runtime's tiered compilation worker starts so.</summary>
    public const string BackgroundJit = ".NET Tiered Com";

    /// <summary>CPU milliseconds (user + system) so far of every live thread, by name.</summary>
    public static Dictionary<string, double> ByName()
    {
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc/self/task"))
        {
            return byName;
        }
        var tick = 1000.0 / ClockTicksPerSecond;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (Parse(File.ReadAllText(Path.Combine(task, "stat"))) is { } thread)
                {
                    byName[thread.Name] = byName.GetValueOrDefault(thread.Name) + (thread.UserTicks + thread.SystemTicks) * tick;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The thread ended between listing and reading: its time is gone with it.
            }
        }
        return byName;
    }

    /// <summary>What each name gained from <paramref name="before"/> to <paramref name="after"/> (threads that ended in between are not counted).</summary>
    public static Dictionary<string, double> Since(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        after.ToDictionary(kv => kv.Key, kv => Math.Max(0, kv.Value - before.GetValueOrDefault(kv.Key)), StringComparer.Ordinal);

    /// <summary>
    /// Name, user and system clock ticks from one line of <c>/proc/[pid]/task/[tid]/stat</c>. The
    /// name sits in parentheses and may hold spaces and parentheses itself, so the fields after it
    /// are counted from the last ')'. Null when the line is not of that form.
    /// </summary>
    public static (string Name, long UserTicks, long SystemTicks)? Parse(string stat)
    {
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }
        // After the name: state (field 3), …, utime (field 14), stime (field 15).
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system))
        {
            return null;
        }
        return (stat[(open + 1)..close], user, system);
    }

    /// <summary>USER_HZ: 100 on every Linux this runs on (the kernel reports thread times in these ticks).</summary>
    private const double ClockTicksPerSecond = 100;
}
