namespace ChatBot.Teams.Outgoing;

public sealed record TextBlock(string Text) : CardElement
{
    public string? Weight { get; init; }

    public string? Size { get; init; }

    public bool? Wrap { get; init; }

    public bool? IsSubtle { get; init; }

    public string? Spacing { get; init; }
}
