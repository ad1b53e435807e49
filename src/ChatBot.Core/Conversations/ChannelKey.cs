namespace ChatBot.Core.Conversations;

/// <summary>
/// Identifies a place the bot posts to. <see cref="Platform"/> is the adapter's name
/// ("discord", "teams", "web"); <see cref="ChannelId"/> is opaque to the engine.
/// </summary>
public sealed record ChannelKey(string Platform, string ChannelId)
{
    public override string ToString() => $"{Platform}:{ChannelId}";
}
