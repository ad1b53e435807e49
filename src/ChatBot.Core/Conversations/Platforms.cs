namespace ChatBot.Core.Conversations;

/// <summary>The platform names turns, the answer log, contexts and digest subscriptions are kept under.</summary>
public static class Platforms
{
    public const string Discord = "discord";
    public const string Teams = "teams";
    public const string Web = "web";
}
