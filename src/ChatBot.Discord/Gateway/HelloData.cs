namespace ChatBot.Discord.Gateway;

/// <summary><c>d</c> of op 10 Hello.</summary>
internal sealed record HelloData(double HeartbeatInterval)
{
    /// <exception cref="GatewayProtocolException">No interval, or one no server would mean (≤ 0 or over an hour).</exception>
    public TimeSpan Interval =>
        double.IsFinite(HeartbeatInterval) && HeartbeatInterval >= 1 && HeartbeatInterval <= TimeSpan.FromHours(1).TotalMilliseconds
            ? TimeSpan.FromMilliseconds(HeartbeatInterval)
            : throw new GatewayProtocolException("hello without a usable heartbeat_interval");
}
