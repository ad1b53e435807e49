namespace ChatBot.Teams.Outgoing;

public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public bool? Separator { get; init; }
}
