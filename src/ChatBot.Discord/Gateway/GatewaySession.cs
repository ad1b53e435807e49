namespace ChatBot.Discord.Gateway;

/// <summary>What a resume needs: the session, where to resume it, and the last sequence seen.</summary>
internal sealed record GatewaySession(string SessionId, Uri ResumeUrl)
{
    public int? Sequence { get; set; }
}
