using System.Globalization;

namespace ChatBot.Host.Load;

/// <summary>Latencies of one load run and what it counted, with the percentiles the README quotes.</summary>
public sealed record LoadReport(string Kind, int Clients, int Targets, TimeSpan Elapsed, IReadOnlyList<TimeSpan> Latencies, int Errors)
{
    /// <summary>For <c>teams</c>: how long until the reply reached the Connector, for every reply that did.</summary>
    public IReadOnlyList<TimeSpan> ReplyLatencies { get; init; } = [];

    /// <summary>Requests the worker refused with 503 and Retry-After (back-pressure): counted apart from errors.</summary>
    public int Refused { get; init; }

    /// <summary>For <c>teams</c>: replies that reached the Connector while the measured requests were sent (to any activity, the warm-up's too).</summary>
    public int RepliesDelivered { get; init; }

    /// <summary>For <c>teams</c>: from the last request sent until the last measured reply arrived; null when some never did within the grace.</summary>
    public TimeSpan? DrainedAfter { get; init; }

    public int Requests => Latencies.Count + Errors + Refused;

    public double ReplyThroughput => Elapsed > TimeSpan.Zero ? RepliesDelivered / Elapsed.TotalSeconds : 0;

    public double Throughput => Elapsed > TimeSpan.Zero ? Latencies.Count / Elapsed.TotalSeconds : 0;

    /// <summary>Nearest-rank percentile (p in 0..100) of <paramref name="values"/>; zero when empty.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> values, double p)
    {
        if (values.Count == 0)
        {
            return TimeSpan.Zero;
        }
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public string Format()
    {
        static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
        var refused = Refused > 0 ? string.Create(CultureInfo.InvariantCulture, $"{Refused} refused (503), ") : "";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Kind}: {Clients} clients, {Targets} target(s), {Elapsed.TotalSeconds:0.0} s: {Requests} requests, {Errors} errors, {refused}" +
            $"{Throughput:0} req/s, p50 {Ms(Percentile(Latencies, 50))} ms, p99 {Ms(Percentile(Latencies, 99))} ms, max {Ms(Percentile(Latencies, 100))} ms");
        if (Kind == LoadClient.Teams)
        {
            var drain = DrainedAfter is { } drained
                ? string.Create(CultureInfo.InvariantCulture, $"last reply {drained.TotalSeconds:0.0} s after the last request")
                : "some replies still missing after the grace";
            text += string.Create(CultureInfo.InvariantCulture,
                $"; replies {ReplyLatencies.Count}/{Latencies.Count}, reply p50 {Ms(Percentile(ReplyLatencies, 50))} ms, p99 {Ms(Percentile(ReplyLatencies, 99))} ms, " +
                $"{ReplyThroughput:0} replies/s delivered during the run, {drain}");
        }
        return text;
    }
}
