namespace ChatBot.Discord.Rest;

public sealed record CreatedChannel
{
    public string Id { get; init; } = "";
}
