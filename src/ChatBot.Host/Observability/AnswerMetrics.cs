using System.Globalization;
using System.Text;

namespace ChatBot.Host.Observability;

/// <summary>
/// Question counters and answer latency per platform, rendered in the Prometheus text exposition
/// format 0.0.4. Written by hand rather than through OpenTelemetry's exporter, which restores only
/// as a prerelease and cannot show zero series before the first question (README, Web chat, health
/// and metrics).
/// </summary>
public sealed class AnswerMetrics
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Upper bounds in seconds; answers are expected well under a second.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static readonly IReadOnlyList<string> Outcomes = ["answered", "refused", "error"];

    // Shown from the first scrape so dashboards and alerts see zeros rather than missing series.
    private static readonly string[] KnownPlatforms = ["discord", "teams", "web"];

    private const int MaxPlatformLength = 32;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, PlatformSeries> _platforms = new(StringComparer.Ordinal);

    public AnswerMetrics()
    {
        foreach (var platform in KnownPlatforms)
        {
            _platforms[platform] = new PlatformSeries();
        }
    }

    public void Record(string? origin, string outcome, TimeSpan elapsed)
    {
        var outcomeIndex = IndexOfOutcome(outcome);
        var seconds = Math.Max(0, elapsed.TotalSeconds);
        var platform = PlatformLabel(origin);
        lock (_gate)
        {
            if (!_platforms.TryGetValue(platform, out var series))
            {
                series = new PlatformSeries();
                _platforms[platform] = series;
            }
            series.Outcomes[outcomeIndex]++;
            series.Count++;
            series.Sum += seconds;
            for (var i = 0; i < LatencyBuckets.Count; i++)
            {
                if (seconds <= LatencyBuckets[i])
                {
                    series.Buckets[i]++;
                }
            }
        }
    }

    public string Render()
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            text.Append("# HELP chatbot_questions_total Questions handled by the answer engine, by platform and outcome.\n");
            text.Append("# TYPE chatbot_questions_total counter\n");
            foreach (var (platform, series) in _platforms)
            {
                for (var i = 0; i < Outcomes.Count; i++)
                {
                    text.Append("chatbot_questions_total{platform=\"").Append(platform)
                        .Append("\",outcome=\"").Append(Outcomes[i]).Append("\"} ")
                        .Append(series.Outcomes[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }

            text.Append("# HELP chatbot_answer_latency_seconds Time the answer engine took per question, by platform.\n");
            text.Append("# TYPE chatbot_answer_latency_seconds histogram\n");
            foreach (var (platform, series) in _platforms)
            {
                // Buckets are stored cumulatively already: each observation counts in every bucket it fits.
                for (var i = 0; i < LatencyBuckets.Count; i++)
                {
                    text.Append("chatbot_answer_latency_seconds_bucket{platform=\"").Append(platform)
                        .Append("\",le=\"").Append(Number(LatencyBuckets[i])).Append("\"} ")
                        .Append(series.Buckets[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
                text.Append("chatbot_answer_latency_seconds_bucket{platform=\"").Append(platform)
                    .Append("\",le=\"+Inf\"} ").Append(series.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                text.Append("chatbot_answer_latency_seconds_sum{platform=\"").Append(platform).Append("\"} ")
                    .Append(Number(series.Sum)).Append('\n');
                text.Append("chatbot_answer_latency_seconds_count{platform=\"").Append(platform).Append("\"} ")
                    .Append(series.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Origins are set by code, not users, but a label must stay a small, safe set: anything
    /// unexpected is folded into "other" so it can neither break the format nor explode cardinality.
    /// </summary>
    internal static string PlatformLabel(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || origin.Length > MaxPlatformLength)
        {
            return "other";
        }
        var label = origin.Trim().ToLowerInvariant();
        return label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-') ? label : "other";
    }

    private static int IndexOfOutcome(string outcome)
    {
        for (var i = 0; i < Outcomes.Count; i++)
        {
            if (Outcomes[i] == outcome)
            {
                return i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "outcome must be answered, refused or error");
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class PlatformSeries
    {
        public long[] Outcomes { get; } = new long[AnswerMetrics.Outcomes.Count];

        public long[] Buckets { get; } = new long[LatencyBuckets.Count];

        public long Count { get; set; }

        public double Sum { get; set; }
    }
}
