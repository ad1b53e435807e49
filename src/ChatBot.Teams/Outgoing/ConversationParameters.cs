namespace ChatBot.Teams.Outgoing;

/// <summary>The body of "create conversation": in a Teams channel, a new thread opened by <see cref="Activity"/>.</summary>
public sealed record ConversationParameters(bool IsGroup, ThreadChannelData ChannelData, MessageActivity Activity)
{
    public string? TenantId { get; init; }

    public Activities.ChannelAccount? Bot { get; init; }
}
