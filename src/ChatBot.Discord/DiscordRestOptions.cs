namespace ChatBot.Discord;

/// <summary>Bound to <c>Discord:Rest</c>.</summary>
public sealed class DiscordRestOptions
{
    /// <summary>Attempts for server errors and network failures (429 waits do not count).</summary>
    public int MaxAttempts { get; set; } = 4;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Discord's global limit per bot.</summary>
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>
    /// How long Discord is trusted to return the first message for a repeated enforced nonce (its
    /// documentation says "the past few minutes"). A digest part whose attempt ended unknown is posted
    /// again under the same nonce within this window, and written off as uncertain after it. Zero: never repost.
    /// </summary>
    public TimeSpan NonceWindow { get; set; } = TimeSpan.FromMinutes(2);
}
