namespace ChatBot.Discord.Gateway;

/// <summary>The connection properties Identify must carry.</summary>
internal sealed record IdentifyProperties(string Os, string Browser, string Device)
{
    public static IdentifyProperties ForThisProcess { get; } =
        new(Environment.OSVersion.Platform.ToString().ToLowerInvariant(), "chatbot", "chatbot");
}
