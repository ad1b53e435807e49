namespace ChatBot.Discord;

/// <summary>Bound to <c>Discord:Rest</c>.</summary>
public sealed class DiscordRestOptions
{
    /// <summary>Attempts for server errors and network failures (429 waits do not count).</summary>
    public int MaxAttempts { get; set; } = 4;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Discord's global limit per bot.</summary>
    public int GlobalRequestsPerSecond { get; set; } = 50;
}
