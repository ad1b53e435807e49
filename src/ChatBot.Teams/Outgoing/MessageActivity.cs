using ChatBot.Teams.Activities;

namespace ChatBot.Teams.Outgoing;

/// <summary>An activity the bot sends: a message (text, citation entities, cards) or a typing indicator.</summary>
public sealed record MessageActivity
{
    public string Type { get; init; } = ActivityTypes.Message;

    /// <summary>Set only when updating a posted activity.</summary>
    public string? Id { get; init; }

    public string? Text { get; init; }

    public string? TextFormat { get; init; }

    public IReadOnlyList<CitationEntity>? Entities { get; init; }

    public IReadOnlyList<CardAttachment>? Attachments { get; init; }

    public OutgoingChannelData? ChannelData { get; init; }

    // Addressing, filled from the conversation reference just before sending.
    public string? ChannelId { get; init; }

    public string? ServiceUrl { get; init; }

    public ConversationAccount? Conversation { get; init; }

    public ChannelAccount? From { get; init; }

    public ChannelAccount? Recipient { get; init; }

    public string? ReplyToId { get; init; }

    /// <summary>A markdown message (command results, help, errors, answer text).</summary>
    public static MessageActivity Markdown(string text) => new() { Text = text, TextFormat = "markdown" };

    public static MessageActivity Typing() => new() { Type = ActivityTypes.Typing };
}
