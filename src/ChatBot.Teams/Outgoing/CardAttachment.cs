namespace ChatBot.Teams.Outgoing;

/// <summary>An Adaptive Card attached to a message.</summary>
public sealed record CardAttachment(AdaptiveCard Content)
{
    public string ContentType { get; init; } = "application/vnd.microsoft.card.adaptive";
}
