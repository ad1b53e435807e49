namespace ChatBot.Discord.Rest;

public sealed record ActionRow(IReadOnlyList<Button> Components)
{
    public int Type => 1;
}
