namespace ChatBot.Core.Digests;

/// <param name="permanent">True when retrying cannot help (channel deleted, bot removed).</param>
public sealed class DeliveryFailedException(string reason, bool permanent, Exception? inner = null)
    : Exception(reason, inner)
{
    public bool Permanent { get; } = permanent;

    /// <summary>The platform asked to wait at least this long before trying again (throttling).</summary>
    public TimeSpan? RetryAfter { get; init; }
}
