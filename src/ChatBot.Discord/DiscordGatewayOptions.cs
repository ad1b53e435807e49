namespace ChatBot.Discord;

/// <summary>Bound to <c>Discord:Gateway</c>. Delays default to Discord's documented values; tests shorten them.</summary>
public sealed class DiscordGatewayOptions
{
    /// <summary>False: receive interactions only through the HTTP endpoint and do not connect to the gateway.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Ask for the privileged Message Content intent. False: the bot still answers DMs and
    /// mentions (Discord sends their text), but not un-mentioned follow-ups in its threads.
    /// </summary>
    public bool MessageContent { get; set; } = true;

    /// <summary>Identify at most <c>max_concurrency</c> times per this window (Discord: 5 s).</summary>
    public TimeSpan IdentifyWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a worker's claim on a shard (in the shared store) outlives the worker: renewed every
    /// third of it while the session lives, released on a clean stop, and taken over by another
    /// worker configured for the shard once it runs out after a crash.
    /// </summary>
    public TimeSpan ShardLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After op 9 with <c>d: false</c> Discord asks for a random wait of 1–5 s before identifying.</summary>
    public TimeSpan InvalidSessionDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan InvalidSessionDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of the jittered wait before reconnecting after a drop; grows with consecutive failures.</summary>
    public TimeSpan ReconnectDelayMax { get; set; } = TimeSpan.FromSeconds(5);
}
