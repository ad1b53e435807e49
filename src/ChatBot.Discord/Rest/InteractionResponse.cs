namespace ChatBot.Discord.Rest;

/// <summary>Body of <c>POST /interactions/{id}/{token}/callback</c> and of HTTP endpoint replies.</summary>
public sealed record InteractionResponse(int Type, object? Data = null)
{
    public const int Pong = 1;
    public const int ChannelMessage = 4;
    public const int DeferredChannelMessage = 5;
    public const int DeferredUpdateMessage = 6;
    public const int AutocompleteResult = 8;

    public static InteractionResponse PongResponse { get; } = new(Pong);

    public static InteractionResponse Message(MessagePayload payload) => new(ChannelMessage, payload);

    public static InteractionResponse Deferred(bool ephemeral) =>
        new(DeferredChannelMessage, ephemeral ? new MessagePayload { Flags = MessagePayload.EphemeralFlag } : null);

    public static InteractionResponse Choices(IReadOnlyList<CommandChoice> choices) => new(AutocompleteResult, new AutocompleteData(choices));
}
