namespace ChatBot.Core.Topics;

/// <summary>Bound to <c>ChatBot:Topics</c>.</summary>
public sealed class TopicOptions
{
    public const string Section = "ChatBot:Topics";

    /// <summary>The editable topic list; relative paths resolve against the content root. Empty: the list shipped with the build.</summary>
    public string? Path { get; set; }
}
