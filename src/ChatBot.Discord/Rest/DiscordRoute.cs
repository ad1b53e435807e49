using System.Text.RegularExpressions;

namespace ChatBot.Discord.Rest;

/// <summary>
/// A request target plus the key Discord's rate limits group it under: the route template with
/// its top-level resource (channel, guild, webhook, interaction) kept, other ids replaced.
/// </summary>
public sealed partial record DiscordRoute(HttpMethod Method, string Path, bool Authenticated = true)
{
    public string RateLimitKey { get; } = Method.Method + " " + KeepMajorTemplate(Path);

    /// <summary>
    /// The route with every id and token replaced: what Discord's <c>X-RateLimit-Bucket</c> hash
    /// describes. A bounded set of keys, none of them secret.
    /// </summary>
    public string Template { get; } = Method.Method + " " + SnowflakeRegex().Replace(TokenInPathRegex().Replace(Path, "$1{token}"), "{id}");

    /// <summary>True when the path carries an interaction or webhook token (which expires after 15 minutes).</summary>
    public bool CarriesToken { get; } = TokenInPathRegex().IsMatch(Path);

    /// <summary>The top-level resource; buckets are shared per route only within one of these.</summary>
    public string MajorParameter { get; } = MajorParameterRegex().Match(Path) is { Success: true } m ? m.Value : "";

    private static string KeepMajorTemplate(string path)
    {
        var major = MajorParameterRegex().Match(path);
        var prefixLength = major.Success ? major.Index + major.Length : 0;
        return path[..prefixLength] + SnowflakeRegex().Replace(path[prefixLength..], "{id}");
    }

    [GeneratedRegex(@"^(channels|guilds)/\d+|^webhooks/\d+/[^/]+|^interactions/\d+/[^/]+")]
    private static partial Regex MajorParameterRegex();

    [GeneratedRegex(@"^((?:webhooks|interactions)/\d+/)[^/]+")]
    private static partial Regex TokenInPathRegex();

    [GeneratedRegex(@"(?<=/)\d{5,}(?=/|$)")]
    private static partial Regex SnowflakeRegex();

    [GeneratedRegex(@"(?<=^\w+ (webhooks|interactions)/\d+/)[^/]+")]
    private static partial Regex TokenRegex();

    /// <summary>For logs: interaction tokens let anyone edit the reply for 15 minutes, so they are masked.</summary>
    public override string ToString() => TokenRegex().Replace(RateLimitKey, "{token}");
}
