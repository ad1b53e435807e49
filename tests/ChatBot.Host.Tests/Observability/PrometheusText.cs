using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatBot.Host.Tests.Observability;

/// <summary>A strict reader of the Prometheus text format 0.0.4, enough to check what /metrics renders.</summary>
public static partial class PrometheusText
{
    /// <returns>Sample value by <c>name{labels}</c> exactly as written.</returns>
    public static IReadOnlyDictionary<string, double> Parse(string text)
    {
        Assert.EndsWith("\n", text);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.True(helped.Add(line.Split(' ')[2]), $"duplicate HELP: {line}");
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                typed.Add(parts[2], parts[3]);
                continue;
            }
            var match = Sample().Match(line);
            Assert.True(match.Success, $"not a sample line: '{line}'");
            var name = match.Groups["name"].Value;
            var family = typed.Keys.SingleOrDefault(f => name == f || (typed[f] == "histogram" && name is var n
                && (n == f + "_bucket" || n == f + "_sum" || n == f + "_count")));
            Assert.True(family is not null, $"sample before its # TYPE line: '{line}'");
            Assert.Contains(family, helped);
            var value = match.Groups["value"].Value;
            samples.Add(name + match.Groups["labels"].Value,
                value == "+Inf" ? double.PositiveInfinity : double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        return samples;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? (?<value>[-+0-9.eE]+|\+Inf|NaN)$""")]
    private static partial Regex Sample();
}
