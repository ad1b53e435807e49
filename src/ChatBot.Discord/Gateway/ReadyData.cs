namespace ChatBot.Discord.Gateway;

/// <summary>What the bot reads from READY: the session to resume, where to resume it, its own user, the shard it got.</summary>
internal sealed record ReadyData(string? SessionId, string? ResumeGatewayUrl, ReadyUser? User, int[]? Shard)
{
    /// <exception cref="GatewayProtocolException">No session id or no user id: the session cannot be used.</exception>
    public ReadyEvent Validate()
    {
        if (string.IsNullOrEmpty(SessionId) || string.IsNullOrEmpty(User?.Id))
        {
            throw new GatewayProtocolException("READY without session_id or user.id");
        }
        // Only a websocket url is accepted: a READY must not be able to point the resume (which carries the token) at plain http.
        var resume = Uri.TryCreate(ResumeGatewayUrl, UriKind.Absolute, out var url) && url.Scheme is "wss" or "ws" ? url : null;
        return new ReadyEvent(SessionId, resume, User.Id);
    }
}
